// Per-item trace events (put, take, taskDone) packed in typed-array columns: how the kernel records them
// without an object per event, and how they travel to the page (transferable), decoded only when read.
import type { Pid } from './messages';
import type { TraceEvent } from './trace';
import { summarize } from './summary';

/** The events recorded in columns: one or more per item moved through a queue or pipe. */
export type ItemEvent = Extract<TraceEvent, { kind: 'put' | 'take' | 'taskDone' }>;

/** True for the kinds recorded in columns rather than as objects. */
export function isItemEvent(ev: { kind: string }): boolean {
  return ev.kind === 'put' || ev.kind === 'take' || ev.kind === 'taskDone';
}

const PUT = 0;
const TAKE = 1;
const TASK_DONE = 2;

/**
 * How a `put`'s summary is kept: most items are numbers or short strings, whose summary text is made
 * only when the event is read; anything else is summarised at once (the value is not retained).
 */
const TAG = { text: 0, number: 1, string: 2, true: 3, false: 4, null: 5, undefined: 6 } as const;

/** Longest raw string kept for a lazy summary; longer ones are cut at once so the store never holds them. */
const LAZY_STRING_MAX = 40;

export { summarize };

/**
 * A run of item events as it crosses a `postMessage`: columns of `n` rows (every buffer may be transferred),
 * object names by index, and the few strings and lists (`refs`) that rows point to through `val`.
 * `val` is, by `tag`: a put's number, an index into `refs` (text, raw string, a taskDone's releases), or unused.
 */
export interface PackedItems {
  n: number;
  kind: Uint8Array;
  tag: Uint8Array;
  at: Float64Array;
  pid: Int32Array;
  ppid: Int32Array;
  obj: Int32Array;
  /** put/take: the item id; taskDone: the unfinished count. */
  item: Int32Array;
  /** put/take: the queue's depth after it; taskDone: 1 if it released joins (`val` → refs). */
  depth: Int32Array;
  val: Float64Array;
  names: string[];
  refs: (string | Pid[])[];
}

/** The buffers of a packed run, for `postMessage(msg, transfer)`. */
export function transferables(p: PackedItems): ArrayBuffer[] {
  return [p.kind, p.tag, p.at, p.pid, p.ppid, p.obj, p.item, p.depth, p.val].map((a) => a.buffer as ArrayBuffer);
}

type Columns = Omit<PackedItems, 'n' | 'names' | 'refs'>;
const COLUMNS = ['kind', 'tag', 'at', 'pid', 'ppid', 'obj', 'item', 'depth', 'val'] as const;

function alloc(cap: number): Columns {
  return {
    kind: new Uint8Array(cap),
    tag: new Uint8Array(cap),
    at: new Float64Array(cap),
    pid: new Int32Array(cap),
    ppid: new Int32Array(cap),
    obj: new Int32Array(cap),
    item: new Int32Array(cap),
    depth: new Int32Array(cap),
    val: new Float64Array(cap),
  };
}

/**
 * A store chunk's columns as views of one buffer: one allocation (and one external-memory record for the
 * garbage collector) per chunk instead of nine. Widest columns first, so each view is aligned.
 */
function allocChunk(cap: number): Columns {
  const buf = new ArrayBuffer(cap * (8 + 8 + 4 * 5 + 1 + 1));
  let off = 0;
  const take = <T>(make: (b: ArrayBuffer, o: number, n: number) => T, bytes: number): T => {
    const v = make(buf, off, cap);
    off += bytes * cap;
    return v;
  };
  const f64 = (b: ArrayBuffer, o: number, n: number) => new Float64Array(b, o, n);
  const i32 = (b: ArrayBuffer, o: number, n: number) => new Int32Array(b, o, n);
  const u8 = (b: ArrayBuffer, o: number, n: number) => new Uint8Array(b, o, n);
  const at = take(f64, 8);
  const val = take(f64, 8);
  const pid = take(i32, 4);
  const ppid = take(i32, 4);
  const obj = take(i32, 4);
  const item = take(i32, 4);
  const depth = take(i32, 4);
  const kind = take(u8, 1);
  const tag = take(u8, 1);
  return { kind, tag, at, pid, ppid, obj, item, depth, val };
}

/**
 * The column store of item events, in fixed-size chunks (growing never copies). Use `put`/`take`/`taskDone`
 * to record (no allocation per event for numbers and short strings), `event(i)` or `slice` to read.
 */
export class ItemLog {
  private readonly chunks: Columns[] = [];
  /** The chunk being written, and the row within it of the last row recorded. */
  private c: Columns | null = null;
  private j = 0;
  /** Rows recorded. */
  length = 0;
  private readonly names: string[] = [];
  private readonly nameIds = new Map<string, number>();
  private readonly refs: (string | Pid[])[] = [];
  /** For each of `refs`, the row that points to it (ascending: one ref per row at most, pushed in row order). */
  private readonly refRows: number[] = [];
  private readonly chunkRows: number;
  private lastName: string | null = null;
  private lastId = 0;

  /** `chunkBits`: rows per chunk as a power of two (16,384 by default; small in tests). */
  constructor(private readonly chunkBits = 14) {
    this.chunkRows = 1 << chunkBits;
  }

  private row(kind: number, at: number, pid: Pid, ppid: Pid, obj: string, item: number, depth: number): Columns {
    const i = this.length++ & (this.chunkRows - 1);
    if (i === 0 || !this.c) this.chunks.push((this.c = allocChunk(this.chunkRows)));
    const c = this.c;
    this.j = i;
    c.kind[i] = kind;
    c.at[i] = at;
    c.pid[i] = pid;
    c.ppid[i] = ppid;
    if (obj !== this.lastName) {
      // Most rows name the same object as the one before: look the name up only when it changes.
      let id = this.nameIds.get(obj);
      if (id === undefined) {
        id = this.names.push(obj) - 1;
        this.nameIds.set(obj, id);
      }
      this.lastName = obj;
      this.lastId = id;
    }
    c.obj[i] = this.lastId;
    c.item[i] = item;
    c.depth[i] = depth;
    return c;
  }

  /** An item entered `obj`; `value` is the item itself (summarised lazily) or, with `isSummary`, its summary. */
  put(at: number, pid: Pid, ppid: Pid, obj: string, item: number, depth: number, value: unknown, isSummary = false) {
    const c = this.row(PUT, at, pid, ppid, obj, item, depth);
    const i = this.j;
    if (isSummary) {
      c.tag[i] = TAG.text;
      c.val[i] = this.ref(value as string);
    } else if (typeof value === 'number') {
      c.tag[i] = TAG.number;
      c.val[i] = value;
    } else if (typeof value === 'string' && value.length <= LAZY_STRING_MAX) {
      c.tag[i] = TAG.string;
      c.val[i] = this.ref(value);
    } else if (value === true || value === false) c.tag[i] = value ? TAG.true : TAG.false;
    else if (value === null) c.tag[i] = TAG.null;
    else if (value === undefined) c.tag[i] = TAG.undefined;
    else {
      c.tag[i] = TAG.text;
      c.val[i] = this.ref(summarize(value));
    }
  }

  take(at: number, pid: Pid, ppid: Pid, obj: string, item: number, depth: number): void {
    this.row(TAKE, at, pid, ppid, obj, item, depth);
  }

  taskDone(at: number, pid: Pid, ppid: Pid, obj: string, unfinished: number, releases: readonly Pid[]): void {
    const c = this.row(TASK_DONE, at, pid, ppid, obj, unfinished, releases.length ? 1 : 0);
    if (releases.length) c.val[this.j] = this.ref([...releases]);
  }

  /** Keeps a string or list the last row recorded points to; returns its index in `refs`. */
  private ref(value: string | Pid[]): number {
    this.refRows.push(this.length - 1);
    return this.refs.push(value) - 1;
  }

  /** Row `i` as the event it records. */
  event(i: number): ItemEvent {
    return decodeRow(this.chunks[i >> this.chunkBits]!, this.names, this.refs, i & (this.chunkRows - 1));
  }

  /** Rows `from` to `to` (excluded) as a self-contained packed run with fresh buffers (safe to transfer). */
  slice(from = 0, to = this.length): PackedItems {
    const n = Math.max(0, Math.min(to, this.length) - from);
    const out: PackedItems = { n, ...alloc(n), names: this.names.slice(), refs: [] };
    // Copy chunk by chunk, each column as one block.
    for (let done = 0; done < n;) {
      const r = from + done;
      const c = this.chunks[r >> this.chunkBits]!;
      const j = r & (this.chunkRows - 1);
      const m = Math.min(n - done, this.chunkRows - j);
      for (const k of COLUMNS) out[k].set(c[k].subarray(j, j + m) as never, done);
      done += m;
    }
    // Rebase the rows that point into refs onto the slice's own short list: only those rows are visited
    // (found from refRows), not every row of the slice, most of which hold plain numbers.
    let lo = 0;
    let hi = this.refRows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.refRows[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < this.refRows.length && this.refRows[k]! < from + n; k++) {
      out.val[this.refRows[k]! - from] = out.refs.push(this.refs[k]!) - 1;
    }
    return out;
  }
}

function decodeRow(c: Columns, names: readonly string[], refs: readonly (string | Pid[])[], i: number): ItemEvent {
  // One object literal per kind, no spread: the page decodes 100k of these a second while a queue floods.
  const at = c.at[i]!;
  const pid = c.pid[i]!;
  const ppid = c.ppid[i]!;
  const obj = names[c.obj[i]!]!;
  const kind = c.kind[i];
  if (kind === TAKE) return { kind: 'take', at, pid, ppid, obj, item: c.item[i]!, depth: c.depth[i]! };
  if (kind === TASK_DONE) {
    const releases = c.depth[i] ? [...(refs[c.val[i]!] as Pid[])] : [];
    return { kind: 'taskDone', at, pid, ppid, obj, unfinished: c.item[i]!, releases };
  }
  const summary = summaryOf(c.tag[i]!, c.val[i]!, refs);
  return { kind: 'put', at, pid, ppid, obj, item: c.item[i]!, summary, depth: c.depth[i]! };
}

function summaryOf(tag: number, val: number, refs: readonly (string | Pid[])[]): string {
  switch (tag) {
    case TAG.number:
      return String(val); // what summarize() makes of a number, without its checks
    case TAG.string:
      return summarize(refs[val]);
    case TAG.true:
      return 'true';
    case TAG.false:
      return 'false';
    case TAG.null:
      return 'null';
    case TAG.undefined:
      return 'undefined';
    default:
      return refs[val] as string;
  }
}

/** Row `i` of a packed run as its event. */
export function decodeItem(p: PackedItems, i: number): ItemEvent {
  return decodeRow(p, p.names, p.refs, i);
}

/**
 * The events of a stretch of the trace in order: `others` (every event that is not an item event) with, for
 * each, how many item rows of the stretch come before it (`positions`, ascending), merged with the rows.
 */
export function mergeEvents(
  others: readonly TraceEvent[],
  positions: readonly number[],
  items: { n: number; event(i: number): TraceEvent },
  into: TraceEvent[] = [],
): TraceEvent[] {
  let r = 0;
  for (let k = 0; k < others.length; k++) {
    for (const end = Math.min(positions[k]!, items.n); r < end; r++) into.push(items.event(r));
    into.push(others[k]!);
  }
  for (; r < items.n; r++) into.push(items.event(r));
  return into;
}

/** A packed run as `mergeEvents` reads it. */
export function packedSource(p: PackedItems): { n: number; event(i: number): TraceEvent } {
  return { n: p.n, event: (i) => decodeItem(p, i) };
}
