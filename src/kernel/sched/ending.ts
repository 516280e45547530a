// How a controlled run ends when its controller ends it: the report of a run that cannot go on, the result a
// stopped run reports, and waking every process still waiting so that none is left behind.
import type { ProcInfo } from '../procTable';
import { H, MAX_SLOTS, S, slotCell } from '../../protocol/sched/layout';
import type { RunResult } from '../../protocol/trace';

/** Why a controlled run was stopped by its controller, if it was. */
export type ControlStop =
  | { why: 'strategy'; code: number; arg: number }
  /** Nothing could run, nothing was timed, yet some process had not ended: it awaits something mpplay never sees. */
  | { why: 'stuck'; report: string };

/** The words of a `stuck` stop, from the process table. */
export function stuckReport(table: readonly ProcInfo[]): string {
  const live = table.filter((p) => !['zombie', 'reaped'].includes(p.state));
  const who = live.map((p) => `${p.name} (${p.blockedOn ? `waits in ${p.blockedOn.label}` : p.state})`).join(', ');
  return (
    `mpplay: the controlled run cannot go on: no process can take a step and nothing is timed, yet ${who} ` +
    'did not end. A process awaits something that is not a call to mpplay (a promise nobody resolves); in a ' +
    'free run it would wait forever.'
  );
}

/** The result a run reports: a stuck run as a deadlock (exit 124), a run its strategy stopped as an error. */
export function finalResult(r: RunResult, stopped: ControlStop | null): RunResult {
  if (stopped?.why === 'stuck') return { ...r, exitCode: 124, reason: 'deadlock' };
  if (stopped?.why === 'strategy') return { ...r, reason: 'error' };
  return r;
}

/** The run is over: no process may decide or wait any more (those still at an access are being ended). */
export function releaseAll(ctl: Int32Array, shared: boolean): void {
  Atomics.store(ctl, H.ABORT, 1);
  for (let s = 0; s < MAX_SLOTS; s++) {
    Atomics.add(ctl, slotCell(s, S.GO), 1);
    if (shared) Atomics.notify(ctl, slotCell(s, S.GO));
  }
  if (shared) Atomics.notify(ctl, H.SETTLE);
}
