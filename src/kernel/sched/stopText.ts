// What a host says when a strategy stops a controlled run: in words, naming processes, never slots (the CLI and
// the page's Explore share it).
import { ERR_DIVERGED, ERR_LOG_FULL, ERR_TOO_MANY, MAX_SLOTS } from '../../protocol/sched/layout';
import type { Controller, ControlStop } from './controller';

/** Why the controller stopped a run, for a person. */
export function stopMessage(s: ControlStop, c: Controller | null): string {
  if (s.why === 'stuck') return s.report;
  switch (s.code) {
    case ERR_DIVERGED:
      return (
        `the schedule does not fit this run: at its decision ${s.arg + 1} it chooses a process that cannot take a ` +
        'step there. It was made for another program, another seed, or another version of mpplay.'
      );
    case ERR_LOG_FULL:
      return (
        `the run took more than ${s.arg.toLocaleString('en')} scheduling points, more than a controlled run ` +
        'records: controlled runs are for small programs. Lower the counts (loops, items, processes) and try again.'
      );
    case ERR_TOO_MANY:
      return `a controlled run holds at most ${MAX_SLOTS} processes at once; this program had more.`;
    default:
      return `the controller stopped the run (code ${s.code})${c ? ` after ${c.occupants.length} processes` : ''}.`;
  }
}
