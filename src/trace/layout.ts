// From trace events to the timeline model: rows in process-tree order, state spans, markers, flows, queue depth.
import { DEPTH_STEP, ITEM_STEP, PUT, TAKE, packedSource, type PackedItems } from '../protocol/packedItems';
import type { TraceEvent, TraceFile } from '../protocol/trace';
import { ItemFlows } from './itemFlows';
import { newRow, orderRows } from './rowTree';
import { OpenTasks } from './taskSpans';
import type { Layout, Marker, ProcState, Row, RowKind } from './model';
import { maxTime, time, type Time } from './time';

/** Names the kernel gives pool workers (`SpawnPoolWorker-3`): they are drawn under their pool. */
const POOL_WORKER = /PoolWorker-\d+$/;
/** Object kinds that get a depth track. Pipes get one on their first send. */
const QUEUE_KIND = /Queue|Pipe|Connection/;
/** Longest output text kept on a marker (the terminal has the whole line). */
const MAX_MARKER_TEXT = 200;

/**
 * Builds the timeline incrementally: `add()` each batch of events as it arrives, `layout(now)` whenever
 * a frame is drawn. The returned layout is live (it changes on the next `add`), so read it, don't keep it.
 * For a finished trace use `layoutTrace()`.
 */
export class TimelineBuilder {
  private readonly rows = new Map<string, Row>();
  private readonly seq = new Map<string, number>();
  /** Process rows by pid, queue rows by object name (the hot paths' lookups). */
  private readonly procs = new Map<number, Row>();
  private readonly queueRows = new Map<string, Row>();
  /** Item flows and their bands (see ItemFlows: from packed runs, made only when read). */
  private readonly items = new ItemFlows((pid) => this.proc(pid));
  private readonly tasks = new OpenTasks();
  /** The pool a process created last: workers it spawns next are drawn under it. */
  private readonly lastPool = new Map<number, string>();
  private ordered: Row[] = [];
  private orderDirty = true;
  private spawned = 0;
  private queues = 0;
  private lastAt = time(0);
  private live = true;
  private deadlock: Layout['deadlock'] = null;
  private version = 0;
  private readonly out: Layout = {
    rows: [],
    flows: [],
    start: time(0),
    end: time(0),
    live: true,
    deadlock: null,
    version: 0,
    bands: this.items.bands,
  };

  constructor() {
    // Read as a property, like the rest of the layout; made on first read for runs folded in packed.
    Object.defineProperty(this.out, 'flows', { enumerable: true, get: () => this.items.all() });
  }

  /** Folds a batch of events (in trace order) into the model: `events` from index `from` on. */
  add(events: readonly TraceEvent[], from = 0): void {
    for (let i = from; i < events.length; i++) this.apply(events[i] as TraceEvent);
    if (events.length > from) this.version++;
  }

  /**
   * Folds a batch as the page receives it: `others` (events that are not item events) and, for each of
   * them, how many of `items`' events come before it (`positions`). Builds the same model as `add` of the
   * merged events, but takes item events run by run, never as event objects: a flood's 100k puts and takes
   * cost one Flow each and one depth step per run.
   */
  addBatch(others: readonly TraceEvent[], items?: PackedItems | null, positions?: readonly number[] | null): void {
    let next = 0;
    let run = 0;
    const upTo = (end: number) => {
      if (!items) return;
      for (end = Math.min(end, items.n); next < end;) {
        while (items.start[run]! + items.count[run]! <= next) run++;
        const n = Math.min(end, items.start[run]! + items.count[run]!) - next;
        this.applyRun(items, run, next, n);
        next += n;
      }
    };
    for (let k = 0; k < others.length; k++) {
      upTo(positions?.[k] ?? 0);
      this.apply(others[k] as TraceEvent);
    }
    upTo(Infinity);
    if (others.length || items?.n) this.version++;
  }

  /** Events `first` to `first + n` of run `r` of `p`, all in that run. */
  private applyRun(p: PackedItems, r: number, first: number, n: number): void {
    const kind = p.kind[r]!;
    const at = time(p.at[r]!);
    if (at > this.lastAt) this.lastAt = at;
    const k0 = first - p.start[r]!;
    const item0 = p.item[r]! + k0 * ITEM_STEP[kind]!;
    const depth0 = p.depth[r]! + k0 * DEPTH_STEP[kind]!;
    const obj = p.names[p.obj[r]!]!;
    if (kind === PUT) {
      this.depth(obj, at, depth0);
      this.depth(obj, at, depth0 + n - 1);
      this.items.putRun(p, r, first, n, item0, this.proc(p.pid[r]!), at);
    } else if (kind === TAKE) {
      this.depth(obj, at, depth0);
      this.depth(obj, at, depth0 - n + 1);
      this.items.takeRun(p, r, first, n, item0, p.pid[r]!, at);
    } else {
      this.proc(p.pid[r]!);
      if (!depth0) return;
      // A taskDone that released joins (always a run of its own): as an event, like any other.
      const events = packedSource(p);
      for (let i = first; i < first + n; i++) this.apply(events.event(i));
    }
  }

  /** The run is over: spans still open end at `end` (the result's `at`, or the last event). */
  finish(end?: number): void {
    const at = maxTime(this.lastAt, time(end ?? 0));
    this.lastAt = at;
    for (const row of this.rows.values()) {
      const span = row.spans.at(-1);
      if (span?.open) {
        span.end = maxTime(span.start, at);
        span.open = false;
      }
    }
    this.tasks.finish(at);
    this.live = false;
    this.version++;
  }

  /** The layout as of `now` (program ms; while the run goes, open spans reach it). */
  layout(now?: number): Layout {
    const end = this.live && now !== undefined ? maxTime(this.lastAt, time(now)) : this.lastAt;
    if (this.live) {
      for (const row of this.rows.values()) {
        const span = row.spans.at(-1);
        if (span?.open) span.end = maxTime(span.start, end);
        const task = row.tasks.at(-1);
        if (task?.open) task.end = maxTime(task.start, end);
      }
    }
    if (this.orderDirty) {
      this.ordered = orderRows(this.rows.values(), this.seq, (owner) => this.groupOf(owner));
      this.orderDirty = false;
    }
    const o = this.out;
    o.rows = this.ordered;
    o.end = end;
    o.live = this.live;
    o.deadlock = this.deadlock;
    o.version = this.version;
    return o;
  }

  private apply(ev: TraceEvent): void {
    const at = time(ev.at);
    if (at > this.lastAt) this.lastAt = at;
    // The kernel's own output (pid 0: its deadlock report) belongs to no process row.
    if (ev.pid === 0 && ev.kind === 'output') return;
    switch (ev.kind) {
      case 'spawn': {
        const owner = ev.ppid === 0 ? null : this.proc(ev.ppid);
        const pool = POOL_WORKER.test(ev.name) ? this.lastPool.get(ev.ppid) : undefined;
        const row = this.proc(ev.pid, ev.name);
        row.daemon = ev.daemon;
        row.spawnedAt = at;
        row.colour = this.spawned++;
        row.parent = pool ?? owner?.key ?? null;
        this.orderDirty = true;
        this.setState(row, at, 'starting', 'starting', null, null);
        return;
      }
      case 'start': {
        const row = this.proc(ev.pid);
        row.markers.push({ at, kind: 'start', text: 'started' });
        this.setState(row, at, 'running', 'running', null, null);
        return;
      }
      case 'running':
      case 'unblocked':
        this.setState(this.proc(ev.pid), at, 'running', 'running', null, null);
        return;
      case 'sleeping':
        this.setState(this.proc(ev.pid), at, 'sleeping', `sleep(${round(ev.seconds)})`, null, 'sleep');
        return;
      case 'blocked':
        this.setState(this.proc(ev.pid), at, 'blocked', ev.on.label, ev.on.obj, ev.on.op);
        return;
      case 'signal': {
        const row = this.proc(ev.pid);
        const name = ev.signal === 9 ? 'SIGKILL' : 'SIGTERM';
        row.markers.push({ at, kind: 'signal', text: `${name} from ${ev.from}`, signal: ev.signal, from: ev.from });
        this.setState(row, at, 'terminating', `${name} from ${ev.from}`, null, null);
        return;
      }
      case 'exit': {
        const row = this.proc(ev.pid);
        this.close(row, at);
        row.exitCode = ev.code;
        row.exitReason = ev.reason;
        row.markers.push({ at, kind: 'exit', text: exitText(ev.code, ev.reason), code: ev.code, reason: ev.reason });
        return;
      }
      case 'zombie':
        this.setState(this.proc(ev.pid), at, 'zombie', 'zombie: exited, not yet joined', null, null);
        return;
      case 'reaped': {
        const row = this.proc(ev.pid);
        this.close(row, at);
        row.reapedAt = at;
        return;
      }
      case 'reparented': {
        // After a deadlock mpplay stops the run, parents first: their children's adoption then is teardown,
        // not a lesson, and is not drawn (the process table still follows the kernel).
        if (this.deadlock) return;
        const row = this.proc(ev.pid);
        const init = this.proc(ev.to, ev.to === 1 ? 'init' : undefined);
        if (ev.to === 1) init.synthetic = true;
        // The row stays under its first parent; the adoption is a moment on it, and on init's row.
        row.adopted ??= { from: ev.from, by: ev.to, at };
        row.markers.push({
          at,
          kind: 'reparented',
          text: `orphaned: parent ${ev.from} ended; adopted by ${ev.to}`,
          from: ev.from,
          to: ev.to,
        });
        init.markers.push({ at, kind: 'adopted', text: `adopts ${ev.pid} ${row.name}`, from: ev.pid, to: ev.to });
        return;
      }
      case 'output': {
        const text = ev.text.replace(/\n$/, '');
        const marker: Marker = { at, kind: 'output', text: clip(text), stream: ev.stream };
        this.proc(ev.pid).markers.push(marker);
        return;
      }
      case 'object':
        if (ev.objKind === 'Pool') {
          const owner = this.proc(ev.pid);
          const pool = this.row(`pool:${ev.obj}`, 'pool', null, ev.obj);
          pool.parent = owner.key;
          pool.spawnedAt ??= at; // Pool(…): where the pool's own time starts
          pool.colour = owner.colour;
          this.lastPool.set(ev.pid, pool.key);
          this.orderDirty = true;
        } else if (QUEUE_KIND.test(ev.objKind)) this.queue(ev.obj);
        return;
      case 'put':
        this.depth(ev.obj, at, ev.depth);
        this.items.put(ev.obj, ev.item, ev.summary, this.proc(ev.pid), at);
        return;
      case 'take':
        this.depth(ev.obj, at, ev.depth);
        this.items.take(ev.item, ev.pid, at);
        return;
      case 'taskDone': {
        const from = this.proc(ev.pid);
        for (const pid of ev.releases) this.items.release(ev.obj, from, this.proc(pid), at);
        return;
      }
      case 'task':
        this.task(ev, at);
        return;
      case 'untaken': {
        const q = this.queue(ev.obj);
        const lost = this.items.untaken(ev.items);
        const n = ev.items.length;
        const what = `${n} item${n === 1 ? '' : 's'} never taken`;
        const detail = clip(lost.join(', '));
        q.markers.push({ at, kind: 'untaken', text: lost.length ? `${what}: ${detail}` : what, count: n, detail });
        return;
      }
      case 'deadlock':
        this.deadlock = { at, report: ev.report };
        for (const w of ev.waits) {
          const m: Marker = { at, kind: 'deadlock', text: `deadlock: waits on ${w.on}`, detail: w.on };
          this.proc(w.pid).markers.push(m);
        }
        return;
      case 'lock':
        return;
    }
  }

  private task(ev: Extract<TraceEvent, { kind: 'task' }>, at: Time): void {
    const row = this.proc(ev.pid);
    const poolKey = `pool:${ev.obj}`;
    if (row.parent !== poolKey && this.rows.has(poolKey)) {
      row.parent = poolKey;
      this.orderDirty = true;
    }
    this.tasks.apply(row, ev, at);
  }

  /** Ends the open span at `at` and opens one in `state`, unless nothing changed. */
  private setState(row: Row, at: Time, state: ProcState, label: string, obj: string | null, op: string | null): void {
    const last = row.spans.at(-1);
    if (last?.open && last.state === state && last.label === label) return;
    this.close(row, at);
    row.spans.push({ start: at, end: at, state, label, obj, op, open: true });
  }

  private close(row: Row, at: Time): void {
    const last = row.spans.at(-1);
    if (!last?.open) return;
    last.end = maxTime(last.start, at);
    last.open = false;
  }

  /** The group row of a process's many children (made once, the first time they are that many). */
  private groupOf(owner: Row): Row {
    const g = this.row(`g:${owner.key}`, 'group', null, owner.name);
    g.colour = owner.colour;
    return g;
  }

  private proc(pid: number, name?: string): Row {
    // Looked up by pid without building its key: put and take events look up a process each.
    const known = name === undefined ? this.procs.get(pid) : undefined;
    if (known) return known;
    const row = this.row(`p${pid}`, 'process', pid, name ?? `pid ${pid}`);
    if (name !== undefined) row.name = name;
    this.procs.set(pid, row);
    return row;
  }

  private queue(obj: string): Row {
    const existing = this.queueRows.get(obj);
    if (existing) return existing;
    const key = `q:${obj}`;
    const row = this.row(key, 'queue', null, obj);
    this.queueRows.set(obj, row);
    row.colour = this.queues++;
    this.orderDirty = true;
    return row;
  }

  /** The queue's depth after an event at `at`: a later event at the same moment replaces the step (one per moment). */
  private depth(obj: string, at: Time, depth: number): void {
    const q = this.queue(obj);
    const last = q.depthSteps.at(-1);
    if (last && last.at === at) last.depth = depth;
    else q.depthSteps.push({ at, depth });
    if (depth > q.maxDepth) q.maxDepth = depth;
  }

  private row(key: string, kind: RowKind, pid: number | null, name: string): Row {
    let row = this.rows.get(key);
    if (!row) {
      row = newRow(key, kind, pid, name);
      this.rows.set(key, row);
      this.seq.set(key, this.seq.size);
      this.orderDirty = true;
    }
    return row;
  }
}

/** The layout of a whole trace; `end` is the run's last moment (the result's `at`) if known. */
export function layoutTrace(events: readonly TraceEvent[], end?: number): Layout {
  const b = new TimelineBuilder();
  b.add(events);
  b.finish(end);
  return b.layout();
}

/** The layout of a `mpplay run --trace` file (or a page export). */
export function layoutTraceFile(file: Pick<TraceFile, 'events' | 'result'>): Layout {
  return layoutTrace(file.events, file.result?.at);
}

/** The layout as it stood at moment `t` of a recorded run (the replay scrubber): later events are not yet known. */
export function layoutAt(events: readonly TraceEvent[], t: number): Layout {
  const b = new TimelineBuilder();
  let n = 0;
  while (n < events.length && (events[n] as TraceEvent).at <= t) n++;
  b.add(events.slice(0, n));
  return b.layout(t);
}

/** How an exit reads on the chart: `exit 0`, `exit 1 (exception)`, `−15 SIGTERM`. */
export function exitText(code: number, reason: string): string {
  if (reason === 'terminated') return `${code} terminated (SIGTERM)`;
  if (reason === 'killed') return `${code} killed (SIGKILL)`;
  if (reason === 'returned') return `exit ${code}`;
  return `exit ${code} (${reason})`;
}

function clip(text: string): string {
  return text.length > MAX_MARKER_TEXT ? `${text.slice(0, MAX_MARKER_TEXT - 1)}…` : text;
}

function round(n: number): string {
  return String(Number(n.toPrecision(3)));
}
