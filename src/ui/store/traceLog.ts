// Hot run data kept outside React (STYLE habit 8): every trace event, the folded process table, and listeners.
import type { TraceEvent } from '../../protocol/trace';
import { applyEvent, type ProcRow } from './procTable';

type Listener = (batch: readonly TraceEvent[]) => void;

/**
 * The trace of the current run. The store carries only `traceVersion`; components that draw from
 * the trace read it here when the version changes, and the terminal listens to batches directly.
 */
export class TraceLog {
  readonly events: TraceEvent[] = [];
  readonly procs = new Map<number, ProcRow>();
  private readonly listeners = new Set<Listener>();

  /** Forgets the previous run. */
  reset(): void {
    this.events.length = 0;
    this.procs.clear();
  }

  append(batch: readonly TraceEvent[]): void {
    for (const ev of batch) {
      this.events.push(ev);
      applyEvent(this.procs, ev);
    }
    for (const l of this.listeners) l(batch);
  }

  /** Rows in spawn order. */
  rows(): ProcRow[] {
    return [...this.procs.values()].sort((a, b) => a.index - b.index);
  }

  /** Calls `fn` with every appended batch; returns the unsubscribe function. */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
