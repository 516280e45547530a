// Where the chart's events come from (the page's run, a trace file) and how it reads and moves a replay.
import type { TraceBatch } from '../../protocol/packedItems';
import type { TraceEvent, TraceFile } from '../../protocol/trace';

/** A replay of a finished run: the moment shown, whether it plays, and how fast (program ms per wall ms). */
export interface ReplayState {
  at: number;
  playing: boolean;
  rate: number;
}

/** How the controller reads and moves the replay (the page keeps it in the store, so the terminal follows). */
export interface ReplayPort {
  get(): ReplayState | null;
  /** The replay played on to `at`; `ended` when it reached the end of the run. */
  advance(at: number, ended: boolean): void;
}

/** Where the chart's events come from: the page's live run, or a trace loaded from a file (or a test). */
export interface EventSource {
  events: readonly TraceEvent[];
  /**
   * The same events as the batches they came in, item events still packed (the page's live run): the
   * chart then folds them in without an event object per item, and `events` is read only by a replay.
   */
  batches?: readonly TraceBatch[];
  /** Changes when a new run starts (the events are then a new list). */
  runId: unknown;
  /** Whether the run still goes. */
  live: boolean;
  /** Program ms per wall ms while every process waits. */
  speed: number;
  /** The run's last moment, once known. */
  endAt: number | null;
}

/** The moment of a batch's last event. */
export function lastAt(b: TraceBatch): number {
  const other = b.others.at(-1)?.at ?? -Infinity;
  return b.items && b.items.m ? Math.max(other, b.items.at[b.items.m - 1]!) : other;
}

/** A source that shows a fixed trace file (tests, "open a trace"). */
export function fileSource(file: TraceFile): EventSource {
  return { events: file.events, runId: file, live: false, speed: file.meta.speed, endAt: file.result?.at ?? null };
}
