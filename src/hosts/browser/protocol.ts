// The page ⇄ kernel-worker wire (browser host only): one typed file, versioned like src/protocol.
import type { PackedItems } from '../../protocol/packedItems';
import type { RunResult, TraceEvent } from '../../protocol/trace';

/** Bumped whenever a message below changes shape. */
export const PAGE_PROTOCOL_VERSION = 2 as const;

/** Page → kernel worker. A kernel worker serves exactly one run; the page starts a fresh one per Run. */
export type PageToKernel =
  | {
      t: 'run';
      v: typeof PAGE_PROTOCOL_VERSION;
      source: string;
      /** File name shown in tracebacks. */
      filename: string;
      /** Program seconds per wall second. */
      speed: number;
      seed: number;
      /** `lifecycle` records no per-item events (put, take, taskDone…): for measuring what they cost. */
      traceLevel?: 'full' | 'lifecycle';
    }
  /** The page has shown the last `events` batch; the next one may come (flow control). */
  | { t: 'ack' }
  /** Ends every process; the page terminates the kernel worker right after sending it. */
  | { t: 'stop' };

/** Kernel worker → page. */
export type KernelToPage =
  /** The program compiled and MainProcess is starting. */
  | { t: 'started'; cpuCount: number }
  /** The program did not compile: nothing ran. Line and column are 1-based. */
  | { t: 'compileError'; message: string; line: number; column: number }
  /**
   * Trace events in order, batched: at most one every ~16 ms and one in flight until the page acks it.
   * In a print flood the oldest output events are dropped; `skipped` counts them (state events are never dropped).
   * Item events (put, take, taskDone) come packed in `items` (transferred buffers); `positions[i]` is how many
   * of its rows come before `events[i]` (see `mergeEvents`).
   */
  | { t: 'events'; events: TraceEvent[]; skipped: number; items?: PackedItems; positions?: number[] }
  /** The run ended; every event was sent before this. */
  | { t: 'end'; result: RunResult }
  /** The host itself failed (not the user's program): a bug in mpplay, shown as such. */
  | { t: 'fatal'; message: string };
