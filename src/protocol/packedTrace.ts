// Per-item trace events (put, take, taskDone) packed in typed-array columns: how the kernel records them
// without an object per event (ItemLog). How they travel to the page and are decoded: packedItems.ts, whose
// names this module passes on for the kernel's side; the page imports packedItems.ts alone (it records
// nothing, so it neither bundles the store nor runs its warm-up below).
//
// Consecutive events that differ only by one step (a producer's batch of puts: same process, object and
// time, item ids 1, 2, 3…, depth one more each time) are stored as one run: a row of run columns plus, per
// event, only what a put's value needs (tag, val). A queue flood records ~9 bytes per item, not ~40.
import type { Pid } from './messages';
import { summarize } from './summary';
import {
  DEPTH_STEP,
  EVENT_KEYS,
  ITEM_STEP,
  LAZY_STRING_MAX,
  PUT,
  RUN_KEYS,
  TAG,
  TAKE,
  TASK_DONE,
  allocPacked,
  decodeEvent,
  findRun,
  type EventColumns,
  type ItemEvent,
  type PackedItems,
  type RunColumns,
} from './packedItems';

export * from './packedItems';
export { summarize };

/** Run columns as views of one buffer (one allocation per chunk); widest columns first, so each view is aligned. */
function allocRuns(cap: number, buf = new ArrayBuffer(cap * (8 + 4 * 7 + 1))): RunColumns {
  const at = new Float64Array(buf, 0, cap);
  const i32 = (k: number) => new Int32Array(buf, 8 * cap + 4 * k * cap, cap);
  const [pid, ppid, obj, item, depth, start, count] = [0, 1, 2, 3, 4, 5, 6].map(i32) as Int32Array[];
  const kind = new Uint8Array(buf, 36 * cap, cap);
  return { kind, at, pid: pid!, ppid: ppid!, obj: obj!, item: item!, depth: depth!, start: start!, count: count! };
}

function allocEvents(cap: number, buf = new ArrayBuffer(cap * 9)): EventColumns {
  return { val: new Float64Array(buf, 0, cap), tag: new Uint8Array(buf, 8 * cap, cap) };
}

/**
 * The column store of item events: run columns in chunks of runs, event columns in chunks of events
 * (growing never copies; event chunks made as far as a put or a releasing taskDone wrote). Use
 * `put`/`take`/`taskDone` to record (no allocation per event for numbers and short strings), `event(i)` or
 * `slice` to read; indices count events, not runs.
 */
export class ItemLog {
  private readonly runChunks: RunColumns[] = [];
  private readonly eventChunks: EventColumns[] = [];
  /** Events recorded. */
  length = 0;
  /** Runs recorded. */
  private runs = 0;
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  private readonly refs: (string | Pid[])[] = [];
  /** For each of `refs`, the event that points to it (ascending: one ref per event at most, pushed in order). */
  private readonly refEvents: number[] = [];
  private readonly eventBits: number;
  private readonly runBits: number;
  private lastName: string | null = null;
  private lastId = 0;
  /** The open run (the last one): what an event must be to extend it. `kind` -1: it may not be extended. */
  private openKind = -1;
  private openAt = NaN; // a double from the start: a field that turns from small integer to double deoptimises its users
  private openPid = 0;
  private openPpid = 0;
  private nextItem = 0;
  private nextDepth = 0;
  private openRun: RunColumns | null = null;
  private openRow = 0;
  /** Where the last read found its run (reads go mostly in order). */
  private hint = 0;
  private readonly runStart = (r: number): number =>
    this.runChunks[r >> this.runBits]!.start[r & ((1 << this.runBits) - 1)]!;

  /** `chunkBits`: events per event chunk as a power of two (16,384 by default; small in tests); a run chunk holds a quarter as many runs. */
  constructor(chunkBits = 14) {
    this.eventBits = chunkBits;
    this.runBits = Math.max(0, chunkBits - 2);
  }

  /** Records one event; returns its index. It extends the open run when it is that run's next step. */
  private add(kind: number, at: number, pid: Pid, ppid: Pid, obj: string, item: number, depth: number): number {
    const i = this.length++;
    if (
      kind === this.openKind &&
      item === this.nextItem &&
      depth === this.nextDepth &&
      at === this.openAt &&
      pid === this.openPid &&
      ppid === this.openPpid &&
      obj === this.lastName
    ) {
      this.openRun!.count[this.openRow]!++;
      this.nextItem += ITEM_STEP[kind]!;
      this.nextDepth += DEPTH_STEP[kind]!;
      return i;
    }
    const r = this.runs++;
    const j = r & ((1 << this.runBits) - 1);
    if (j === 0) this.runChunks.push(allocRuns(1 << this.runBits));
    const c = this.runChunks[this.runChunks.length - 1]!;
    if (obj !== this.lastName) {
      // Most events name the same object as the one before: look the name up only when it changes.
      let id = this.nameIds.get(obj);
      if (id === undefined) {
        id = this.names.push(obj) - 1;
        this.nameIds.set(obj, id);
      }
      this.lastName = obj;
      this.lastId = id;
    }
    c.kind[j] = kind;
    c.at[j] = at;
    c.pid[j] = pid;
    c.ppid[j] = ppid;
    c.obj[j] = this.lastId;
    c.item[j] = item;
    c.depth[j] = depth;
    c.start[j] = i;
    c.count[j] = 1;
    this.openRun = c;
    this.openRow = j;
    this.openKind = kind;
    this.openAt = at;
    this.openPid = pid;
    this.openPpid = ppid;
    this.nextItem = item + ITEM_STEP[kind]!;
    this.nextDepth = depth + DEPTH_STEP[kind]!;
    return i;
  }

  /** Runs stored: as many as events when no event followed the one before by one step, far fewer in a flood. */
  get runCount(): number {
    return this.runs;
  }

  /** The event columns that hold event `i`, made on first use. */
  private eventsAt(i: number): EventColumns {
    const k = i >> this.eventBits;
    // Dense, grown by push: reading past the end (a sparse `??=`) deoptimised the kernel's put path.
    const chunks = this.eventChunks;
    while (chunks.length <= k) chunks.push(allocEvents(1 << this.eventBits));
    return chunks[k]!;
  }

  /** An item entered `obj`; `value` is the item itself (summarised lazily) or, with `isSummary`, its summary. */
  put(at: number, pid: Pid, ppid: Pid, obj: string, item: number, depth: number, value: unknown, isSummary = false) {
    const i = this.add(PUT, at, pid, ppid, obj, item, depth);
    if (isSummary) {
      const e = this.eventsAt(i);
      const k = i & ((1 << this.eventBits) - 1);
      e.tag[k] = TAG.text;
      e.val[k] = this.ref(value as string, i);
    } else this.value(i, value);
  }

  /** Keeps put event `i`'s value: a number or short string as it is (summarised when read), anything else summarised. */
  private value(i: number, value: unknown): void {
    const e = this.eventsAt(i);
    const k = i & ((1 << this.eventBits) - 1);
    if (typeof value === 'number') {
      e.tag[k] = TAG.number;
      e.val[k] = value;
    } else if (typeof value === 'string' && value.length <= LAZY_STRING_MAX) {
      e.tag[k] = TAG.string;
      e.val[k] = this.ref(value, i);
    } else if (value === true || value === false) e.tag[k] = value ? TAG.true : TAG.false;
    else if (value === null) e.tag[k] = TAG.null;
    else if (value === undefined) e.tag[k] = TAG.undefined;
    else {
      e.tag[k] = TAG.text;
      e.val[k] = this.ref(summarize(value), i);
    }
  }

  /** Puts of `values` (items `item`, `item + 1`…, depths `depth`, `depth + 1`…) at one moment: one run, or the open one's tail. */
  putMany(at: number, pid: Pid, ppid: Pid, obj: string, item: number, depth: number, values: readonly unknown[]): void {
    if (!values.length) return;
    this.put(at, pid, ppid, obj, item, depth, values[0]);
    // The rest follow the first by one step each: they extend its run without being compared.
    const n = values.length - 1;
    const first = this.extend(n);
    for (let k = 0; k < n; k++) this.value(first + k, values[k + 1]);
  }

  /** Adds `n` events to the open run, each its next step; returns the index of the first. */
  private extend(n: number): number {
    const first = this.length;
    this.length += n;
    this.openRun!.count[this.openRow]! += n;
    this.nextItem += n * ITEM_STEP[this.openKind]!;
    this.nextDepth += n * DEPTH_STEP[this.openKind]!;
    return first;
  }

  take(at: number, pid: Pid, ppid: Pid, obj: string, item: number, depth: number): void {
    this.add(TAKE, at, pid, ppid, obj, item, depth);
  }

  /** Takes of `items` at one moment, depth `depth` after the first and one less after each next. */
  takeMany(at: number, pid: Pid, ppid: Pid, obj: string, items: readonly number[], depth: number): void {
    if (!items.length) return;
    this.add(TAKE, at, pid, ppid, obj, items[0]!, depth);
    let k = 1;
    while (k < items.length && items[k] === items[0]! + k) k++;
    if (k > 1) this.extend(k - 1); // the usual case: a lease taken in order, its ids consecutive
    for (; k < items.length; k++) this.add(TAKE, at, pid, ppid, obj, items[k]!, depth - k);
  }

  taskDone(at: number, pid: Pid, ppid: Pid, obj: string, unfinished: number, releases: readonly Pid[]): void {
    const i = this.add(TASK_DONE, at, pid, ppid, obj, unfinished, releases.length ? 1 : 0);
    if (!releases.length) return;
    this.openKind = -1; // its own run: the only event of it that points to its releases
    this.eventsAt(i).val[i & ((1 << this.eventBits) - 1)] = this.ref([...releases], i);
  }

  /** `count` taskDones that release no join, at one moment: unfinished `unfinished` after the first, one less each next. */
  tasksDone(at: number, pid: Pid, ppid: Pid, obj: string, unfinished: number, count: number): void {
    if (count < 1) return;
    this.add(TASK_DONE, at, pid, ppid, obj, unfinished, 0);
    this.extend(count - 1);
  }

  /** Keeps a string or list that event `i` (the last recorded) points to; returns its index in `refs`. */
  private ref(value: string | Pid[], i: number): number {
    this.refEvents.push(i);
    return this.refs.push(value) - 1;
  }

  /** Event `i` as an object. */
  event(i: number): ItemEvent {
    const r = (this.hint = findRun(this.runStart, this.runs, i, this.hint));
    const rmask = (1 << this.runBits) - 1;
    const c = this.runChunks[r >> this.runBits]!;
    return decodeEvent(
      c,
      r & rmask,
      i - c.start[r & rmask]!,
      this.eventChunks[i >> this.eventBits],
      i & ((1 << this.eventBits) - 1),
      this.names,
      this.refs,
    );
  }

  /** Events `from` to `to` (excluded) as a self-contained packed stretch with fresh buffers (safe to transfer). */
  slice(from = 0, to = this.length): PackedItems {
    const n = Math.max(0, Math.min(to, this.length) - from);
    const r0 = n ? findRun(this.runStart, this.runs, from, this.hint) : 0;
    const r1 = n ? findRun(this.runStart, this.runs, from + n - 1, r0) : -1;
    const m = r1 - r0 + 1;
    const out: PackedItems = { n, m, ...allocPacked(m, n), names: this.names.slice(), refs: [] };
    // Runs and events, chunk by chunk, each column as one block.
    const rows = 1 << this.runBits;
    for (let done = 0; done < m;) {
      const r = r0 + done;
      const c = this.runChunks[r >> this.runBits]!;
      const j = r & (rows - 1);
      const k = Math.min(m - done, rows - j);
      for (const key of RUN_KEYS) out[key].set(c[key].subarray(j, j + k) as never, done);
      done += k;
    }
    // The first and last runs may be cut by the slice: start every run at its first event inside it.
    for (let q = 0; q < m; q++) {
      const s = out.start[q]! - from;
      const first = Math.max(0, s);
      const skip = first - s;
      const kind = out.kind[q]!;
      out.item[q] = out.item[q]! + skip * ITEM_STEP[kind]!;
      out.depth[q] = out.depth[q]! + skip * DEPTH_STEP[kind]!;
      out.count[q] = Math.min(s + out.count[q]!, n) - first;
      out.start[q] = first;
    }
    const size = 1 << this.eventBits;
    for (let done = 0; done < n;) {
      const i = from + done;
      const e = this.eventChunks[i >> this.eventBits];
      const j = i & (size - 1);
      const k = Math.min(n - done, size - j);
      if (e) for (const key of EVENT_KEYS) out[key].set(e[key].subarray(j, j + k) as never, done);
      done += k;
    }
    // Rebase the events that point into refs onto the slice's own short list: only those events are
    // visited (found from refEvents), not every event of the slice, most of which hold plain numbers.
    let lo = 0;
    let hi = this.refEvents.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.refEvents[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < this.refEvents.length && this.refEvents[k]! < from + n; k++) {
      out.val[this.refEvents[k]! - from] = out.refs.push(this.refs[k]!) - 1;
    }
    return out;
  }
}

/**
 * Runs every recording path once with every kind of value, at load. The kernel's put path is optimised while
 * the first items flood (all numbers); without this, the first `null` sentinel or string item then
 * deoptimises it, and the next run of the program (a benchmark's first timed one) goes unoptimised until it
 * is compiled again, which on two busy cores took long enough to cost that run 10–20% of its throughput.
 */
function warmUp(): void {
  const log = new ItemLog(2);
  const values: unknown[] = [1, 'short', 'x'.repeat(LAZY_STRING_MAX + 1), true, false, null, undefined, [1], { a: 1 }];
  for (let round = 0; round < 2; round++) {
    log.putMany(round, 1, 0, 'warm', 0, 1, values);
    for (let k = 0; k < values.length; k++) log.put(round + 0.5, 2, 0, `warm${k % 2}`, 100 + k, k, values[k]);
    log.takeMany(round, 3, 0, 'warm', [0, 1, 2, 4, 3], 4);
    log.take(round, 3, 0, 'warm', 5, 0);
    log.tasksDone(round, 3, 0, 'warm', 5, 3);
    log.taskDone(round, 3, 0, 'warm', 0, [1]);
  }
  log.slice(1, log.length - 1);
}
warmUp();
