// The timeline as Chrome Trace Event JSON (opens in Perfetto and Chrome DevTools), with flow events for items.
import type { Layout, Row } from './model';

/** One event of the Trace Event Format (the subset written here). Times in microseconds. */
export interface ChromeEvent {
  name: string;
  ph: 'X' | 'i' | 'M' | 'C' | 's' | 'f';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  /** Instant scope: thread. */
  s?: 't';
  /** Flow id (`s`/`f`); a start and its finish share it. */
  id?: number;
  /** Flow binding point: `e` binds the finish to the enclosing slice. */
  bp?: 'e';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string | number>;
}

/** Thread ids inside each process track: its states, and (pool workers) its tasks. */
export const TID = { states: 1, tasks: 2, queues: 1 } as const;
/** The pid of the track that holds the queue-depth counters and lost items (the kernel's own pid). */
export const KERNEL_PID = 0;
/** Release flows (`taskDone()` → `join()`) get ids above every item id. */
const RELEASE_ID_BASE = 1_000_000_000;

/** Microseconds with nanosecond precision, from program ms. */
function us(ms: number): number {
  return Math.round(ms * 1_000_000) / 1000;
}

/**
 * Converts a layout to a Chrome trace: one process track per mpplay process (`pid` = its pid) with its
 * state spans as complete (`X`) events, pool tasks on a second thread, markers as instant events,
 * each taken item as a flow (`s` at the put, `f` at the take), queue depth as counters on pid 0.
 * Items never taken get no flow (a flow needs both ends) but an instant event "never taken" on pid 0.
 */
export function toChromeTrace(layout: Layout, meta: Record<string, string | number> = {}): ChromeTrace {
  const meta_: ChromeEvent[] = [];
  const timed: ChromeEvent[] = [];
  const pidOf = new Map<string, number>();
  let sort = 0;
  const hasKernelTrack = layout.rows.some((r) => r.kind === 'queue') || layout.flows.some((f) => f.lost);
  if (hasKernelTrack) {
    meta_.push(...procMeta(KERNEL_PID, 'mpplay kernel (queues)', sort++));
    meta_.push(threadName(KERNEL_PID, TID.queues, 'queues'));
  }
  for (const row of layout.rows) {
    if (row.kind !== 'process' || row.pid === null) continue;
    pidOf.set(row.key, row.pid);
    meta_.push(...procMeta(row.pid, rowTitle(row), sort++));
    meta_.push(threadName(row.pid, TID.states, 'states'));
    if (row.tasks.length) meta_.push(threadName(row.pid, TID.tasks, 'pool tasks'));
    for (const s of row.spans) {
      timed.push({
        name: s.label,
        cat: s.state,
        ph: 'X',
        pid: row.pid,
        tid: TID.states,
        ts: us(s.start),
        dur: Math.max(0, us(s.end) - us(s.start)),
        args: { state: s.state, ...(s.obj ? { object: s.obj } : {}), ...(s.op ? { op: s.op } : {}) },
      });
    }
    for (const t of row.tasks) {
      timed.push({
        name: `${t.fn}(${t.summary})`,
        cat: 'task',
        ph: 'X',
        pid: row.pid,
        tid: TID.tasks,
        ts: us(t.start),
        dur: Math.max(0, us(t.end) - us(t.start)),
        args: { pool: t.obj, job: t.job, chunk: t.chunk, ok: t.ok },
      });
    }
    for (const m of row.markers) {
      timed.push({
        name: m.kind === 'output' ? `print: ${m.text}` : m.text,
        cat: m.kind,
        ph: 'i',
        s: 't',
        pid: row.pid,
        tid: TID.states,
        ts: us(m.at),
        ...(m.code !== undefined ? { args: { code: m.code, reason: m.reason } } : {}),
      });
    }
  }
  for (const row of layout.rows) {
    if (row.kind !== 'queue') continue;
    for (const d of row.depthSteps) {
      timed.push({
        name: `${row.name} depth`,
        ph: 'C',
        pid: KERNEL_PID,
        tid: TID.queues,
        ts: us(d.at),
        args: { depth: d.depth },
      });
    }
    for (const m of row.markers) {
      timed.push({ name: m.text, cat: m.kind, ph: 'i', s: 't', pid: KERNEL_PID, tid: TID.queues, ts: us(m.at) });
    }
  }
  let releases = 0;
  for (const f of layout.flows) {
    const fromPid = pidOf.get(f.from.row);
    if (fromPid === undefined) continue;
    if (f.lost) {
      timed.push({
        name: `never taken: ${f.summary}`,
        cat: 'untaken',
        ph: 'i',
        s: 't',
        pid: KERNEL_PID,
        tid: TID.queues,
        ts: us(layout.end),
        args: { queue: f.obj, item: f.item, putBy: fromPid, putAt: us(f.from.at) },
      });
      continue;
    }
    const toPid = f.to ? pidOf.get(f.to.row) : undefined;
    if (!f.to || toPid === undefined) continue; // still in the queue (a live export): no finish, so no start
    const id = f.kind === 'release' ? RELEASE_ID_BASE + ++releases : f.item;
    const name = f.kind === 'release' ? `${f.obj} taskDone → join` : `${f.obj} item ${f.summary}`;
    const cat = f.kind === 'release' ? 'release' : 'item';
    timed.push({ name, cat, ph: 's', id, pid: fromPid, tid: TID.states, ts: us(f.from.at) });
    timed.push({ name, cat, ph: 'f', bp: 'e', id, pid: toPid, tid: TID.states, ts: us(Math.max(f.to.at, f.from.at)) });
  }
  // One global order by time keeps every track's timestamps monotonic; the sort is stable, so a flow's
  // start stays before its finish at the same moment.
  timed.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  return {
    traceEvents: [...meta_, ...timed],
    displayTimeUnit: 'ms',
    otherData: { generator: 'mpplay', version: 1, ...meta },
  };
}

function rowTitle(row: Row): string {
  return `${row.pid} ${row.name}${row.daemon ? ' (daemon)' : ''}`;
}

/** A process track's name, and its place in the tree order (Perfetto sorts by it). */
function procMeta(pid: number, name: string, sortIndex: number): ChromeEvent[] {
  return [
    { name: 'process_name', ph: 'M', pid, tid: 0, args: { name } },
    { name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: sortIndex } },
  ];
}

function threadName(pid: number, tid: number, name: string): ChromeEvent {
  return { name: 'thread_name', ph: 'M', pid, tid, args: { name } };
}

/** What is wrong with a Chrome trace (an empty list when it is valid): used by the tests and by the export. */
export function validateChromeTrace(trace: ChromeTrace): string[] {
  const problems: string[] = [];
  const lastTs = new Map<string, number>();
  const starts = new Map<string, ChromeEvent>();
  const finishes = new Map<string, ChromeEvent>();
  const slices = new Map<string, ChromeEvent[]>();
  for (const ev of trace.traceEvents) {
    if (ev.ph === 'M') continue;
    const track = `${ev.pid}:${ev.tid}`;
    if (typeof ev.ts !== 'number' || !Number.isFinite(ev.ts)) {
      problems.push(`${ev.ph} "${ev.name}" has no timestamp`);
      continue;
    }
    const prev = lastTs.get(track) ?? -Infinity;
    if (ev.ts < prev) problems.push(`track ${track}: ${ev.ph} "${ev.name}" at ${ev.ts} µs comes after ${prev} µs`);
    lastTs.set(track, ev.ts);
    if (ev.ph === 'X') {
      if (!(typeof ev.dur === 'number' && ev.dur >= 0)) problems.push(`X "${ev.name}" has a bad duration ${ev.dur}`);
      const list = slices.get(track) ?? [];
      list.push(ev);
      slices.set(track, list);
    } else if (ev.ph === 's' || ev.ph === 'f') {
      const key = `${ev.cat}:${ev.id}`;
      const map = ev.ph === 's' ? starts : finishes;
      if (map.has(key)) problems.push(`flow ${key} has two ${ev.ph} events`);
      map.set(key, ev);
    }
  }
  for (const [key, s] of starts) {
    const f = finishes.get(key);
    if (!f) problems.push(`flow ${key} starts but never finishes`);
    else if ((f.ts ?? 0) < (s.ts ?? 0)) problems.push(`flow ${key} finishes before it starts`);
    if (!enclosed(slices.get(`${s.pid}:${s.tid}`), s.ts ?? 0)) problems.push(`flow ${key} starts outside any slice`);
  }
  for (const [key, f] of finishes) {
    if (!starts.has(key)) problems.push(`flow ${key} finishes but never starts`);
    if (!enclosed(slices.get(`${f.pid}:${f.tid}`), f.ts ?? 0)) problems.push(`flow ${key} ends outside any slice`);
  }
  return problems;
}

function enclosed(slices: ChromeEvent[] | undefined, ts: number): boolean {
  return !!slices?.some((x) => (x.ts ?? 0) <= ts && ts <= (x.ts ?? 0) + (x.dur ?? 0));
}
