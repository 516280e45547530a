// The page's one connection to runs: boots each run's kernel worker ahead, lends it the page's process workers (or,
// with `nest`, has it create its own), forwards its messages, watches that it answers, and stops it hard.
import { processesAhead } from '../demand';
import type { ChooseMessage } from './asking';
import type { BridgeOptions, RunListener, RunOptions } from './bridgeTypes';
import { ProcessWorkers } from './processWorkers';
import { PAGE_PROTOCOL_VERSION, type KernelToPage, type PageToKernel } from './protocol';
import { sharedMemoryUsable } from './sharedMemory';
import { RunWatchdog, type WatchdogVerdict } from './watchdog';
import { bundledWorkers, type WorkerFactory } from './workerScripts';

/** A kernel worker, booted ahead of its run or at Run. */
interface KernelBoot {
  worker: Worker;
  booted: boolean;
  /** Why it failed before its run took it over. */
  failed: string | null;
  onMessage: ((msg: KernelToPage) => void) | null;
  onFailure: ((text: string) => void) | null;
  /** Nested: the kernel worker's stop cell, given to its process workers; set just before it is ended. */
  stop: Int32Array | null;
}

const DEFAULT_SPARES = 2;
/** How long after a run started its successor's kernel and spare workers boot (ms). */
const NEXT_RUN_AFTER_MS = 1000;
/** Process workers kept in stock at most (each costs a few MB). */
const MAX_STOCK = 8;

/**
 * Starts runs, each in a fresh kernel worker. Use one per page. `stop()` never waits: it terminates the kernel
 * worker and every process worker of the run at once, so even `while (true) {}` in any process is cut off.
 */
export class KernelBridge {
  /** The run going on: `finish` ends it on the page, `post` sends its kernel worker a message (once it has one). */
  private current: { finish: (byStop?: boolean) => void; post: (msg: PageToKernel) => void } | null = null;
  private next: KernelBoot | null = null;
  private readonly factory: WorkerFactory;
  private readonly workers: ProcessWorkers;
  private readonly spares: number;
  private readonly startMs: number;
  private readonly answerMs: number;
  private readonly silenceMs: number;
  private readonly preboot: boolean;
  /** Each kernel worker creates its own process workers (nested; see nestedWorkers.ts) instead of the page's. */
  readonly nested: boolean;
  private warmQueued = false;
  /** Process workers the next Run will likely need at once (see prepare()). */
  private ahead: number;
  /** Boot nothing ahead until the reader touches the page (see bootOnInteraction()). */
  private awaitInteraction = false;
  /** dispose() was called: nothing boots again. */
  private disposed = false;
  private readonly cpuCount = globalThis.navigator?.hardwareConcurrency ?? 2;

  constructor(opts: BridgeOptions = {}) {
    this.factory = opts.workers ?? bundledWorkers;
    this.spares = opts.spares ?? DEFAULT_SPARES;
    this.startMs = opts.startTimeoutMs ?? 10_000;
    this.answerMs = opts.answerTimeoutMs ?? 30_000;
    this.silenceMs = opts.silenceTimeoutMs ?? 10_000;
    this.preboot = opts.preboot ?? true;
    this.nested = !!this.factory.processScript && (opts.nest ?? false);
    this.ahead = this.spares;
    this.workers = new ProcessWorkers({ create: () => this.factory.process(), maxStock: MAX_STOCK });
    if (this.preboot) this.warmLater();
  }

  /** True while a run's kernel worker is alive. */
  get running(): boolean {
    return this.current !== null;
  }

  /** Process workers created so far, and how many wait booted in stock (tests, benchmarks). */
  get workerCounts(): { created: number; inStock: number; onLoan: number } {
    return { created: this.workers.created, inStock: this.workers.inStock, onLoan: this.workers.onLoan };
  }

  /**
   * Boots the next run's kernel worker and the spare process workers now, if they are not there yet: as many as
   * the editor's program starts at once between runs, a couple while one runs.
   */
  warm(): Promise<void> {
    return this.factory.ready().then(
      () => {
        if (this.disposed) return;
        this.next ??= this.bootKernel();
        // Nested, the next kernel worker booted its own (as many as `ahead` said when it booted).
        if (!this.nested) this.workers.fill(this.running ? this.spares : Math.max(this.spares, this.ahead));
      },
      () => {}, // the next Run says what went wrong
    );
  }

  /**
   * The program the next Run will likely run (the editor's text): as many process workers as it starts at once
   * are booted ahead, when the page is idle.
   */
  prepare(source: string): void {
    const n = Math.min(MAX_STOCK, processesAhead(source, this.cpuCount));
    if (n <= this.ahead && this.workers.inStock >= n) return;
    this.ahead = Math.max(n, this.spares);
    if (this.preboot && !this.running) this.warmLater();
  }

  /** Starts a run in a fresh kernel worker; a run still going is stopped first. */
  run(opts: RunOptions, listener: RunListener): void {
    this.endCurrent(false);
    this.awaitInteraction = false;
    const need = processesAhead(opts.source, this.cpuCount);
    this.ahead = Math.min(MAX_STOCK, need);
    let worker: Worker | null = null;
    let stopCell: Int32Array | null = null;
    let over = false;
    const finish = (byStop = false) => {
      if (over) return;
      over = true;
      watchdog.stop();
      if (this.current?.finish === finish) this.current = null;
      // Nested: first the brake (a busy loop in any of its process workers parks at its next iteration), then the
      // end of the kernel worker, which ends its nested workers with it.
      if (stopCell) Atomics.store(stopCell, 0, 1);
      worker?.terminate();
      this.workers.endRun();
      // After Stop, the next run's workers boot once the learner reaches for the page again (a key, the pointer) or
      // presses Run, not at once: the learner may have stopped a runaway program to get the CPU back, and booting a
      // kernel and up to 8 process workers then burned ~150 ms of CPU in the first 100 ms after Stop (Chromium, 2
      // cores), where the braked workers burned 10–40 ms.
      if (this.preboot) {
        if (byStop) this.bootOnInteraction();
        else this.warmLater();
      }
    };
    const fatal = (message: string) => {
      if (over) return;
      finish();
      listener.onFatal(message);
    };
    // Watched from Run on: the worker sources, the kernel worker's load, its answer to the run.
    const limits = { startMs: this.startMs, answerMs: this.answerMs, silenceMs: this.silenceMs };
    const watchdog = new RunWatchdog({ ...limits, onTimeout: (v) => fatal(timeoutMessage(v, limits)) }, false);
    this.current = { finish, post: (msg) => worker?.postMessage(msg) };
    this.factory.ready().then(
      () => {
        if (over) return;
        let k: KernelBoot;
        try {
          k = this.takeKernel();
        } catch (e) {
          fatal(`the kernel worker could not be created: ${e instanceof Error ? e.message : String(e)}`);
          return;
        }
        worker = k.worker;
        stopCell = k.stop;
        if (k.booted) watchdog.heard('booted');
        this.launch(k, opts, listener, need, { watchdog, finish, fatal, isOver: () => over });
      },
      (e: unknown) => fatal(e instanceof Error ? e.message : String(e)),
    );
  }

  /** Hands the run to its kernel worker: listens to it, lends it the stock, sends the program. */
  private launch(
    k: KernelBoot,
    opts: RunOptions,
    listener: RunListener,
    need: number,
    run: { watchdog: RunWatchdog; finish: () => void; fatal: (m: string) => void; isOver: () => boolean },
  ): void {
    const { watchdog, finish, fatal, isOver } = run;
    const worker = k.worker;
    k.onFailure = (text) => fatal(`the kernel worker failed: ${text}`);
    k.onMessage = (msg) => {
      if (isOver()) return; // a stopped run says nothing more
      switch (msg.t) {
        case 'booted':
          watchdog.heard('booted');
          if (msg.v !== PAGE_PROTOCOL_VERSION)
            fatal(`page protocol v${PAGE_PROTOCOL_VERSION} != kernel worker v${String(msg.v)}: reload the page.`);
          return;
        case 'alive':
          watchdog.heard();
          return;
        case 'want':
          watchdog.heard();
          this.workers.lend(msg.n);
          return;
        case 'giveBack':
          this.workers.giveBack(msg.ids);
          return;
        case 'endWorker':
          this.workers.end(msg.id);
          return;
        case 'started':
          watchdog.heard('started');
          listener.onStarted?.({ cpuCount: msg.cpuCount });
          // A second after the start (a lesson's busiest moment is over), the next Run's kernel and spare workers
          // boot: a Run right after Stop then finds them booted.
          if (this.preboot) setTimeout(() => !isOver() && this.warmLater(), NEXT_RUN_AFTER_MS);
          return;
        case 'events': {
          watchdog.heard();
          const ack = () => {
            if (!isOver()) worker.postMessage({ t: 'ack' } satisfies PageToKernel);
          };
          // Item events arrive packed: they become objects on the page, when read, not in the kernel worker.
          const packed = msg.items ? { items: msg.items, positions: msg.positions ?? [] } : undefined;
          const shown = listener.onEvents(msg.events, msg.skipped, packed);
          if (shown) shown.then(ack, ack);
          else ack();
          return;
        }
        case 'end':
          finish();
          listener.onEnd(msg.result, msg.controlled);
          return;
        case 'exploreProgress':
          watchdog.heard();
          listener.onExploreProgress?.(msg.runs, msg.histogram);
          return;
        case 'exploreEnd':
          finish();
          listener.onExploreEnd?.(msg.summary);
          return;
        case 'compileError':
          finish();
          listener.onCompileError({ message: msg.message, line: msg.line, column: msg.column });
          return;
        case 'fatal':
          fatal(msg.message);
          return;
        case 'ask':
          watchdog.heard();
          listener.onAsk?.(msg);
          return;
        case 'askRefused':
          listener.onAskRefused?.(msg.message);
          return;
      }
    };
    if (k.failed !== null) {
      fatal(`the kernel worker failed: ${k.failed}`);
      return;
    }
    if (this.nested) {
      // Its own stock: as many as the program starts at once boot while it compiles, if not booted yet.
      worker.postMessage({ t: 'fill', n: need } satisfies PageToKernel);
    } else {
      this.workers.lendTo((msg, transfer) => worker.postMessage(msg, transfer));
      // As many workers as the program starts at once go to the run now, booted ahead or booting while the program
      // compiles: its start() calls find them ready, and never wait for the page to answer the kernel. The rest of
      // the stock stays: a Run after Stop (which ends every lent worker) starts on it.
      this.workers.lend(need);
    }
    const common = { v: PAGE_PROTOCOL_VERSION, source: opts.source, filename: opts.filename ?? 'main.ts' } as const;
    if (opts.explore) {
      worker.postMessage({ t: 'explore', ...common, seed: opts.seed, ...opts.explore } satisfies PageToKernel);
      return;
    }
    const msg: PageToKernel = {
      t: 'run',
      ...common,
      speed: opts.speed,
      seed: opts.seed,
      ...(opts.traceLevel ? { traceLevel: opts.traceLevel } : {}),
      ...(opts.schedule ? { schedule: opts.schedule } : {}),
      ...(opts.ask ? { ask: true } : {}),
    };
    worker.postMessage(msg);
  }

  /** Asks a search (Explore) to end after its current run, with what it found so far; the hard stop is stop(). */
  stopSearch(): void {
    this.current?.post({ t: 'exploreStop' });
  }

  /** Answers the current run's question (a run started with `ask`); nothing happens when no run is on. */
  choose(step: number, answer: ChooseMessage['answer']): void {
    this.current?.post({ t: 'choose', step, answer });
  }

  /** Stops the current run, if any, without waiting for anything. */
  stop(): void {
    this.endCurrent(true);
  }

  /** Ends every worker, booted ones included, and boots none again (the page is going away; tests). */
  dispose(): void {
    this.disposed = true;
    this.endCurrent(false);
    this.next?.worker.terminate();
    this.next = null;
    this.workers.dispose();
  }

  /** The kernel booted ahead if it is sound, else a fresh one (a failed load may have been a passing one). */
  private takeKernel(): KernelBoot {
    const k = this.next;
    this.next = null;
    if (k && k.failed === null) return k;
    k?.worker.terminate();
    return this.bootKernel();
  }

  private bootKernel(): KernelBoot {
    const worker = this.factory.kernel();
    const stop = this.nested && sharedMemoryUsable() ? new Int32Array(new SharedArrayBuffer(4)) : null;
    const k: KernelBoot = { worker, booted: false, failed: null, onMessage: null, onFailure: null, stop };
    worker.addEventListener('message', (e: MessageEvent<KernelToPage>) => {
      if (e.data.t === 'booted') k.booted = true;
      if (e.data.t === 'fatal' && !k.onMessage) k.failed = e.data.message;
      k.onMessage?.(e.data);
    });
    worker.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      const text = e.message || 'its script could not be loaded';
      if (k.onFailure) k.onFailure(text);
      else k.failed = text;
    });
    if (this.nested) {
      // All it will likely need at once, even while a run goes on (the next Run's kernel boots a second after a run
      // starts): nested workers cannot be booted later for it, once the page is idle, as the page's can.
      const ahead = Math.max(this.spares, this.ahead);
      const nest: PageToKernel = { t: 'nest', script: this.factory.processScript!(), ahead, stop };
      worker.postMessage(nest);
    }
    return k;
  }

  /**
   * Boots nothing ahead until the reader shows interest: a pointer or a key in this document (an embed in a blog
   * post then costs its readers nothing until one of them reaches for it), or a first Run.
   */
  bootOnInteraction(): void {
    if (this.awaitInteraction || this.running || this.disposed) return;
    this.awaitInteraction = true;
    const events = ['pointerdown', 'pointermove', 'keydown', 'focusin'] as const;
    const go = () => {
      for (const t of events) removeEventListener(t, go, true);
      if (!this.awaitInteraction) return;
      this.awaitInteraction = false;
      if (this.preboot) this.warmLater();
    };
    for (const t of events) addEventListener(t, go, { capture: true, passive: true });
  }

  /** Ends the current run, if any: `byStop`, the learner's Stop (see finish). */
  private endCurrent(byStop: boolean): void {
    const run = this.current;
    if (!run) return;
    run.post({ t: 'stop' });
    run.finish(byStop);
  }

  /** Boots what the next run needs once the page has nothing better to do. */
  private warmLater(): void {
    if (this.warmQueued || this.awaitInteraction || this.disposed) return;
    this.warmQueued = true;
    whenIdle(() => {
      this.warmQueued = false;
      if (!this.awaitInteraction) void this.warm();
    });
  }
}

function timeoutMessage(
  v: WatchdogVerdict,
  { startMs, answerMs, silenceMs }: { startMs: number; answerMs: number; silenceMs: number },
): string {
  const s = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  switch (v) {
    case 'load':
      return `the kernel worker did not load within ${s(startMs)}, so the run could not start. Reload the page; if it keeps happening, the server may be refusing worker scripts (see the README's Deploy section).`;
    case 'start':
      return `the kernel did not answer within ${s(answerMs)} of Run, so the run could not start. Press Run again, or reload the page.`;
    case 'silence':
      return `the kernel stopped answering (nothing for ${s(silenceMs)}), so the run was stopped; the output so far is kept. Press Run again.`;
  }
}

/** Runs `fn` when the page is idle (soon in any case). */
function whenIdle(fn: () => void): void {
  const ric = (globalThis as { requestIdleCallback?: (fn: () => void, o: { timeout: number }) => void })
    .requestIdleCallback;
  if (ric) ric(fn, { timeout: 1000 });
  else setTimeout(fn, 50);
}
