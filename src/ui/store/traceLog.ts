// Hot run data kept outside React (STYLE habit 8): every trace event, the folded process table, and listeners.
import type { TraceEvent } from '../../protocol/trace';
import { applyEvent, type ProcRow } from './procTable';

/** Events that change a row of the process table (items, output and task spans do not). */
const ROW_KINDS: ReadonlySet<string> = new Set([
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

/** Output events kept per run; beyond this a print flood is counted, not stored (state events are all kept). */
const MAX_STORED_OUTPUT = 100_000;

/**
 * The trace of the current run. The store carries only `traceVersion`; components that draw from
 * the trace read it here when the version changes.
 */
export class TraceLog {
  /** The events kept: every state event, and output events up to a cap. */
  readonly events: TraceEvent[] = [];
  readonly procs = new Map<number, ProcRow>();
  /** Every event the run produced, including output dropped in a flood (by the kernel worker or here). */
  total = 0;
  /** Output events seen but not kept. */
  droppedOutput = 0;
  private storedOutput = 0;
  /** Changes whenever a row of the process table may have (never goes back, across runs). */
  rowsVersion = 0;

  /** Forgets the previous run. */
  reset(): void {
    this.rowsVersion++;
    this.events.length = 0;
    this.procs.clear();
    this.total = 0;
    this.droppedOutput = 0;
    this.storedOutput = 0;
  }

  /** Adds a batch; `skipped` output events were dropped before it reached the page. */
  append(batch: readonly TraceEvent[], skipped = 0): void {
    this.total += batch.length + skipped;
    this.droppedOutput += skipped;
    for (const ev of batch) {
      if (ev.kind === 'output' && ++this.storedOutput > MAX_STORED_OUTPUT) {
        this.droppedOutput++;
        continue;
      }
      this.events.push(ev);
      if (!ROW_KINDS.has(ev.kind)) continue; // item events, output, tasks: no row of the table changes
      this.rowsVersion++;
      applyEvent(this.procs, ev);
    }
  }

  /** Rows in spawn order. */
  rows(): ProcRow[] {
    return [...this.procs.values()].sort((a, b) => a.index - b.index);
  }
}
