// The process table as the page shows it, folded from trace events (pure: no DOM, no React).
import type { TraceEvent } from '../../protocol/trace';

/** A row's state; `zombie` is shown as `Z`, Unix-style. */
export type RowState = 'created' | 'running' | 'sleeping' | 'blocked' | 'exiting' | 'zombie' | 'reaped';

export interface ProcRow {
  pid: number;
  ppid: number;
  name: string;
  daemon: boolean;
  state: RowState;
  /** What a blocked process waits on, e.g. `join(Process-3)`. */
  blockedOn: string | null;
  exitCode: number | null;
  /** Spawn order, for stable colours and sorting. */
  index: number;
}

/** `ps`-style letter for a state: R running, S sleeping or blocked (exiting waits for children too), Z zombie, X reaped, C created. */
export function stateLetter(s: RowState): string {
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

/** Applies one event to the table (mutates `rows`, keyed by pid). Unknown pids are ignored except on spawn. */
export function applyEvent(rows: Map<number, ProcRow>, ev: TraceEvent): void {
  if (ev.kind === 'spawn') {
    rows.set(ev.pid, {
      pid: ev.pid,
      ppid: ev.ppid,
      name: ev.name,
      daemon: ev.daemon,
      state: 'created',
      blockedOn: null,
      exitCode: null,
      index: rows.size,
    });
    return;
  }
  const row = rows.get(ev.pid);
  if (!row) return;
  switch (ev.kind) {
    case 'start':
    case 'running':
    case 'unblocked':
      row.state = 'running';
      row.blockedOn = null;
      return;
    case 'sleeping':
      row.state = 'sleeping';
      row.blockedOn = `sleep(${ev.seconds})`;
      return;
    case 'blocked':
      row.state = ev.on.op === 'exit' ? 'exiting' : 'blocked';
      row.blockedOn = ev.on.label;
      return;
    case 'exit':
      row.exitCode = ev.code;
      row.blockedOn = null;
      return;
    case 'zombie':
      row.state = 'zombie';
      return;
    case 'reaped':
      row.state = 'reaped';
      return;
    case 'reparented':
      row.ppid = ev.to;
      return;
    case 'output':
    case 'signal':
      return;
  }
}
