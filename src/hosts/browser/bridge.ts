// The page's one connection to a run: starts a fresh kernel worker per run, forwards its messages, and stops it hard.
import type { PackedItems } from '../../protocol/packedItems';
import type { RunResult, TraceEvent } from '../../protocol/trace';
import { PAGE_PROTOCOL_VERSION, type KernelToPage, type PageToKernel } from './protocol';

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
  onEnd(result: RunResult): void;
  onCompileError(err: { message: string; line: number; column: number }): void;
  onFatal(message: string): void;
}

export interface RunOptions {
  source: string;
  filename?: string;
  speed: number;
  seed: number;
  /** See PageToKernel's `run`. */
  traceLevel?: 'full' | 'lifecycle';
}

/**
 * Starts runs in kernel workers. Use one per page. `stop()` never waits: it tells the kernel to stop and
 * terminates the kernel worker at once, so even `while (true) {}` in any process is cut off.
 */
export class KernelBridge {
  private worker: Worker | null = null;

  /** True while a run's kernel worker is alive. */
  get running(): boolean {
    return this.worker !== null;
  }

  /** Starts a run in a fresh kernel worker; a run still going is stopped first. */
  run(opts: RunOptions, listener: RunListener): void {
    this.stop();
    const worker = new Worker(new URL('./kernelWorker.ts', import.meta.url), { type: 'module', name: 'mpplay-kernel' });
    this.worker = worker;
    const done = () => {
      if (this.worker === worker) this.worker = null;
      worker.terminate();
    };
    worker.addEventListener('message', (e: MessageEvent<KernelToPage>) => {
      if (this.worker !== worker) return; // a stopped run says nothing more
      const msg = e.data;
      switch (msg.t) {
        case 'started':
          listener.onStarted?.({ cpuCount: msg.cpuCount });
          return;
        case 'events': {
          const ack = () => {
            if (this.worker === worker) worker.postMessage({ t: 'ack' } satisfies PageToKernel);
          };
          // Item events arrive packed: they become objects on the page, when read, not in the kernel worker.
          const packed = msg.items ? { items: msg.items, positions: msg.positions ?? [] } : undefined;
          const shown = listener.onEvents(msg.events, msg.skipped, packed);
          if (shown) shown.then(ack, ack);
          else ack();
          return;
        }
        case 'end':
          done();
          listener.onEnd(msg.result);
          return;
        case 'compileError':
          done();
          listener.onCompileError({ message: msg.message, line: msg.line, column: msg.column });
          return;
        case 'fatal':
          done();
          listener.onFatal(msg.message);
          return;
      }
    });
    worker.addEventListener('error', (e: ErrorEvent) => {
      if (this.worker !== worker) return;
      e.preventDefault();
      done();
      listener.onFatal(`the kernel worker failed: ${e.message || 'its script could not be loaded'}`);
    });
    const msg: PageToKernel = {
      t: 'run',
      v: PAGE_PROTOCOL_VERSION,
      source: opts.source,
      filename: opts.filename ?? 'main.ts',
      speed: opts.speed,
      seed: opts.seed,
      ...(opts.traceLevel ? { traceLevel: opts.traceLevel } : {}),
    };
    worker.postMessage(msg);
  }

  /** Stops the current run, if any, without waiting for anything. */
  stop(): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const msg: PageToKernel = { t: 'stop' };
    worker.postMessage(msg);
    worker.terminate();
  }
}
