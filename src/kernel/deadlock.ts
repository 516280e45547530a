// Deadlock diagnosis: when every live process waits, without a timeout, on something only another waiting
// process could give, nothing can ever happen again. Pure: given the table, it finds that and explains it.
import type { Pid } from '../protocol/messages';
import type { BlockedOn } from '../protocol/trace';

/** The exit code of a run that the kernel ended because it deadlocked (documented in the CLI's usage). */
export const DEADLOCK_EXIT_CODE = 124;

export interface Waiting {
  pid: Pid;
  name: string;
  state: string;
  blockedOn: BlockedOn | null;
}

export interface DeadlockReport {
  report: string;
  waits: { pid: Pid; name: string; on: string; cause: string }[];
}

/**
 * Returns a report when no live process can proceed, else null. `live` are the processes not yet exited;
 * `cause` explains one wait (the object's view: "9 tasks were taken by get() but never marked taskDone()").
 */
export function findDeadlock(live: Waiting[], cause: (w: Waiting) => string): DeadlockReport | null {
  if (live.length === 0) return null;
  for (const p of live) {
    if (p.state !== 'blocked' && p.state !== 'exiting') return null;
    if (!p.blockedOn || p.blockedOn.timeout !== null) return null;
  }
  const waits = live.map((p) => {
    const on = p.blockedOn!.label;
    return { pid: p.pid, name: p.name, on, cause: cause(p) };
  });
  const lines = waits.map((w) => `  ${w.name} (pid ${w.pid}) waits in ${w.on}${w.cause ? `: ${w.cause}` : ''}`);
  const report = [
    'mpplay: deadlock: every live process is waiting for something that only another waiting process could give.',
    ...lines,
    `The run was stopped (exit code ${DEADLOCK_EXIT_CODE}); in Python this program would hang here forever.`,
  ].join('\n');
  return { report, waits };
}
