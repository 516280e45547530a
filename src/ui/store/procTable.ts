// The page's process table: the processes of the run, live (now) or at the replay's moment, from the trace.
import type { TraceEvent } from '../../protocol/trace';
import { eventsUpTo, PROCESS_EVENT_KINDS, ProcessFold, type ProcessAt } from '../../trace/processStates';

export { stateLetter, type ProcessAt as ProcRow, type ProcStatus as RowState } from '../../trace/processStates';

/**
 * Keeps the events that change a process (a few per process, not the run's items and output) and folds
 * them: `live` is the table now; `at(t)` the table at moment t of the run, for a replay. Moving a replay on
 * folds on from where it was; moving it back folds again from the start (cheap: process events only).
 */
export class ProcTable {
  readonly live = new ProcessFold();
  private readonly events: TraceEvent[] = [];
  private past = new ProcessFold();
  private pastN = 0;

  /** Takes an event of the run (others than process events are ignored); true when a row changed. */
  add(ev: TraceEvent): boolean {
    if (!PROCESS_EVENT_KINDS.has(ev.kind)) return false;
    this.events.push(ev);
    this.live.apply(ev);
    return true;
  }

  /** The processes at moment `t` (program ms), or now when `t` is null. */
  rowsAt(t: number | null): ProcessAt[] {
    if (t === null) return this.live.rows();
    const n = eventsUpTo(this.events, t);
    if (n < this.pastN) {
      this.past = new ProcessFold();
      this.pastN = 0;
    }
    for (; this.pastN < n; this.pastN++) this.past.apply(this.events[this.pastN] as TraceEvent);
    this.past.at = t;
    return this.past.rows();
  }

  /** Forgets the run. */
  clear(): void {
    this.live.procs.clear();
    this.live.at = 0;
    this.events.length = 0;
    this.past = new ProcessFold();
    this.pastN = 0;
  }
}
