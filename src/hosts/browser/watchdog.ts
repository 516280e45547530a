// The page's watch over one run's kernel worker: a run that cannot start, or a kernel that stops answering,
// ends with a clear message instead of sitting in "running" forever.

/** Why a run was given up. */
export type WatchdogVerdict = 'load' | 'start' | 'silence';

export interface WatchdogOptions {
  /** The kernel worker must load within this (ms). */
  startMs: number;
  /**
   * Once loaded, it must answer the run (compiled or not) within this (ms). Longer than a load: answering means
   * compiling the program, cold, in a fresh worker, which a slow phone or a starved machine stretches to seconds
   * (WebKit beside a CPU hog on two cores passed 10 s).
   */
  answerMs: number;
  /** Once started, the kernel says it is alive every HEARTBEAT_MS; this long without a word and it is dead (ms). */
  silenceMs: number;
  onTimeout(verdict: WatchdogVerdict): void;
  now?: () => number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
}

/** How often the watchdog looks (ms). */
export const WATCH_EVERY_MS = 500;

export class RunWatchdog {
  private phase: 'load' | 'start' | 'running' | 'over';
  private since: number;
  private lastTick: number;
  private readonly timer: unknown;
  private readonly now: () => number;
  private readonly clear: (h: unknown) => void;

  /** `booted`: the kernel worker had already loaded (booted ahead of the run). */
  constructor(
    private readonly opts: WatchdogOptions,
    booted: boolean,
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.clear = opts.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
    this.phase = booted ? 'start' : 'load';
    this.since = this.lastTick = this.now();
    this.timer = (opts.setInterval ?? ((fn, ms) => setInterval(fn, ms)))(() => this.tick(), WATCH_EVERY_MS);
  }

  /** The kernel worker said something; `what` moves the run on (it loaded; it started or would not compile). */
  heard(what?: 'booted' | 'started'): void {
    if (this.phase === 'over') return;
    if (what === 'booted' && this.phase === 'load') this.phase = 'start';
    else if (what === 'started') this.phase = 'running';
    this.since = this.now();
  }

  /** The run ended or was stopped: no more verdicts. */
  stop(): void {
    if (this.phase === 'over') return;
    this.phase = 'over';
    this.clear(this.timer);
  }

  private tick(): void {
    if (this.phase === 'over') return;
    const now = this.now();
    // The page's own timers stalled (a frozen or throttled tab): what the kernel said meanwhile may still be
    // queued here, so the kernel is not blamed for the page's pause; its time starts again.
    if (now - this.lastTick > 4 * WATCH_EVERY_MS) this.since = now;
    this.lastTick = now;
    const limit =
      this.phase === 'running' ? this.opts.silenceMs : this.phase === 'start' ? this.opts.answerMs : this.opts.startMs;
    if (now - this.since <= limit) return;
    const verdict = this.phase;
    this.stop();
    this.opts.onTimeout(verdict === 'running' ? 'silence' : verdict);
  }
}
