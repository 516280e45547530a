// The state of every process at one moment of a run (pure): what the process table, status line and editor show.
import type { TraceEvent } from '../protocol/trace';

/** A process's state as `ps` would put it; `exiting`: its code is done, it waits for its non-daemon children. */
export type ProcStatus = 'created' | 'running' | 'sleeping' | 'blocked' | 'exiting' | 'zombie' | 'reaped';

/** One process at a moment of the run. */
export interface ProcessAt {
  pid: number;
  /** Its parent at that moment (1 once init adopted it). */
  ppid: number;
  name: string;
  daemon: boolean;
  state: ProcStatus;
  /** What it waits on, e.g. `join(Process-3)` or `sleep(3)`; null unless sleeping, blocked or exiting. */
  blockedOn: string | null;
  /** The line of the user's file where it waits (the blocking call's), when the trace says. */
  line: number | null;
  /** Program ms since which it is in `state`. */
  since: number;
  exitCode: number | null;
  /** Its first parent, once init adopted it (null until then). */
  adoptedFrom: number | null;
  /** Spawn order, for stable colours and sorting. */
  index: number;
}

/** The events that change a process's row; the others (items, output, tasks, objects) never do. */
export const PROCESS_EVENT_KINDS: ReadonlySet<TraceEvent['kind']> = new Set<TraceEvent['kind']>([
  'spawn',
  'start',
  'running',
  'sleeping',
  'blocked',
  'unblocked',
  'signal',
  'exit',
  'zombie',
  'reaped',
  'reparented',
]);

/**
 * Folds events (in trace order) into the state of every process: apply them one by one, read `get`/`rows`.
 * The live page keeps one and applies each batch; a replay folds the events up to its moment (`processesAt`).
 */
export class ProcessFold {
  readonly procs = new Map<number, ProcessAt>();
  /** The moment of the last event applied. */
  at = 0;

  /** Applies one event. Events of pids never spawned (the kernel's own, pid 0) change nothing. */
  apply(ev: TraceEvent): void {
    if (ev.at > this.at) this.at = ev.at;
    if (ev.kind === 'spawn') {
      this.procs.set(ev.pid, {
        pid: ev.pid,
        ppid: ev.ppid,
        name: ev.name,
        daemon: ev.daemon,
        state: 'created',
        blockedOn: null,
        line: null,
        since: ev.at,
        exitCode: null,
        adoptedFrom: null,
        index: this.procs.size,
      });
      return;
    }
    const row = this.procs.get(ev.pid);
    if (!row) return;
    switch (ev.kind) {
      case 'start':
      case 'running':
      case 'unblocked':
        set(row, 'running', ev.at, null, null);
        return;
      case 'sleeping':
        set(row, 'sleeping', ev.at, `sleep(${ev.seconds})`, ev.line ?? null);
        return;
      case 'blocked':
        set(row, ev.on.op === 'exit' ? 'exiting' : 'blocked', ev.at, ev.on.label, ev.line ?? null);
        return;
      case 'exit':
        row.exitCode = ev.code;
        row.blockedOn = null;
        row.line = null;
        return;
      case 'zombie':
        set(row, 'zombie', ev.at, null, null);
        return;
      case 'reaped':
        set(row, 'reaped', ev.at, null, null);
        return;
      case 'reparented':
        row.adoptedFrom ??= ev.from;
        row.ppid = ev.to;
        return;
      default:
        return;
    }
  }

  /** Every process, in spawn order. */
  rows(): ProcessAt[] {
    return [...this.procs.values()].sort((a, b) => a.index - b.index);
  }
}

function set(row: ProcessAt, state: ProcStatus, at: number, on: string | null, line: number | null): void {
  if (row.state !== state) row.since = at;
  row.state = state;
  row.blockedOn = on;
  row.line = line;
}

/** The index just past the last event at or before `t` (events are in time order). */
export function eventsUpTo(events: readonly TraceEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid] as TraceEvent).at <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The state of every process at moment `t` (program ms) of a run: only the events up to `t` count. */
export function processesAt(events: readonly TraceEvent[], t: number): ProcessAt[] {
  const fold = new ProcessFold();
  const n = eventsUpTo(events, t);
  for (let i = 0; i < n; i++) fold.apply(events[i] as TraceEvent);
  fold.at = t;
  return fold.rows();
}

/** `ps`-style letter: R running, S sleeping or blocked (exiting waits for children too), Z zombie, X reaped, C created. */
export function stateLetter(s: ProcStatus): string {
  switch (s) {
    case 'created':
      return 'C';
    case 'running':
      return 'R';
    case 'sleeping':
    case 'blocked':
    case 'exiting':
      return 'S';
    case 'zombie':
      return 'Z';
    case 'reaped':
      return 'X';
  }
}

/** How many processes are in each state (the status line's count at a moment). */
export function countStates(rows: readonly ProcessAt[]): Record<ProcStatus, number> {
  const n: Record<ProcStatus, number> = {
    created: 0,
    running: 0,
    sleeping: 0,
    blocked: 0,
    exiting: 0,
    zombie: 0,
    reaped: 0,
  };
  for (const r of rows) n[r.state]++;
  return n;
}

/** Where each line of the program has processes waiting, at the moment the rows describe (the editor's marks). */
export interface LineMark {
  line: number;
  /** The processes waiting there, in spawn order. */
  procs: { pid: number; name: string; state: ProcStatus; what: string; index: number }[];
}

/** The lines where processes wait (sleep, a blocking call), one mark per line, in line order. */
export function lineMarks(rows: readonly ProcessAt[]): LineMark[] {
  const by = new Map<number, LineMark>();
  for (const r of rows) {
    if (r.line === null || (r.state !== 'sleeping' && r.state !== 'blocked')) continue;
    let m = by.get(r.line);
    if (!m) by.set(r.line, (m = { line: r.line, procs: [] }));
    m.procs.push({ pid: r.pid, name: r.name, state: r.state, what: r.blockedOn ?? '', index: r.index });
  }
  return [...by.values()].sort((a, b) => a.line - b.line);
}
