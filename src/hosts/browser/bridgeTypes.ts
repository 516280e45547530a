// What the page's KernelBridge is given and what it tells: the options of the bridge and of one run, and the
// listener that hears a run (its trace batches, its end, a search's progress, the learner's questions).
import type { PackedItems } from '../../protocol/packedItems';
import type { RunResult, TraceEvent } from '../../protocol/trace';
import type { AskMessage } from './asking';
import type { ControlledEnd, ExploreParams, ExploreRow, ExploreSummary } from './exploreProtocol';
import type { WorkerFactory } from './workerScripts';

/** A batch's item rows, packed, and for each of its other events how many of the rows come before it. */
export interface PackedBatch {
  items: PackedItems;
  positions: readonly number[];
}

/** What the page hears about one run. Nothing is called after `stop()` or after `onEnd`/`onCompileError`/`onFatal`. */
export interface RunListener {
  onStarted?(info: { cpuCount: number }): void;
  /**
   * A batch of trace events: `others`, every event that is not an item event (put, take, taskDone), and
   * the batch's item rows still packed (`packedSource`/`mergeEvents` decode them, in order with `others`);
   * `skipped` output events before it were dropped (a print flood). The next batch comes only after this
   * returns, or after the promise it returns settles (e.g. once the terminal has drawn).
   */
  onEvents(others: TraceEvent[], skipped: number, packed?: PackedBatch): void | Promise<void>;
  /** `controlled`: a controlled run's choices and marked decisions. */
  onEnd(result: RunResult, controlled?: ControlledEnd): void;
  /** A search's progress (Explore), at most every 200 ms. */
  onExploreProgress?(runs: number, histogram: ExploreRow[]): void;
  /** A search ended (found, not found, stopped): its kernel worker is gone. */
  onExploreEnd?(summary: ExploreSummary): void;
  onCompileError(err: { message: string; line: number; column: number }): void;
  onFatal(message: string): void;
  /** A run started with `ask` waits for the learner's answer (`KernelBridge.choose`). */
  onAsk?(msg: AskMessage): void;
  /** An answer was refused (why, in the kernel's words); the run waits on. */
  onAskRefused?(message: string): void;
}

export interface RunOptions {
  source: string;
  filename?: string;
  speed: number;
  seed: number;
  /** See PageToKernel's `run`. */
  traceLevel?: 'full' | 'lifecycle';
  /** See PageToKernel's `run`: a controlled run following these choices. */
  schedule?: number[];
  /** A search of the program's schedules instead of a run (Explore): see exploreProtocol.ts. */
  explore?: ExploreParams;
  /** See PageToKernel's `run`: after the schedule, the run asks the learner at each choice. */
  ask?: boolean;
}

export interface BridgeOptions {
  /** How workers are created (default: the bundled kernel and process workers). */
  workers?: WorkerFactory;
  /** Process workers kept booted between runs at least, ready for the next Run (default 2; more if the program needs). */
  spares?: number;
  /** The kernel worker must load within this (ms; default 10 s). */
  startTimeoutMs?: number;
  /** Once loaded, it must answer Run (it compiles the program first) within this (ms; default 30 s). */
  answerTimeoutMs?: number;
  /** A started kernel silent this long is given up (ms; default 10 s; it says it is alive every second). */
  silenceTimeoutMs?: number;
  /** Boot the next run's kernel worker and the spares once the page is idle (default true). */
  preboot?: boolean;
  /**
   * Each kernel worker creates its own process workers (nested workers) instead of borrowing the page's: in WebKit,
   * where a MessagePort between two workers waits for the page's main thread (engineQuirks.ts), its kernel calls
   * then never wait for the page. Off by default: a kernel worker's nested workers end with its run, so every run
   * boots fresh ones, and beside a CPU hog WebKit's lessons lost to those start-ups (docs/COMPATIBILITY.md). Needs a
   * factory with `processScript`.
   */
  nest?: boolean;
}
