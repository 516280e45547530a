// Trace events from the kernel to the page in batches, with flow control: one batch in flight at a time,
// at most one every interval, and a print flood trimmed to its newest lines so the page never drowns.
import type { TraceEvent } from '../../protocol/trace';

export interface TraceBatcherOptions {
  /** Sends one batch; `skipped` output events were dropped (oldest first) since the previous batch. */
  send(events: TraceEvent[], skipped: number): void;
  /** Minimum ms between batches (one animation frame). */
  intervalMs?: number;
  /** Most output events one batch carries; older ones are dropped and counted. State events are never dropped. */
  maxOutput?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (h: unknown) => void;
  /** Milliseconds, monotonic. */
  now?: () => number;
}

/**
 * Batches trace events for the page. Use `push` for every event, `ack` when the page has shown a batch,
 * and `flushNow` at the end of the run (it sends whatever is left, in flight or not).
 */
export class TraceBatcher {
  private pending: TraceEvent[] = [];
  private pendingOutput = 0;
  private skipped = 0;
  private inFlight = false;
  private timer: unknown = null;
  private lastSent = -Infinity;
  private readonly intervalMs: number;
  private readonly maxOutput: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (h: unknown) => void;
  private readonly now: () => number;

  constructor(private readonly opts: TraceBatcherOptions) {
    this.intervalMs = opts.intervalMs ?? 16;
    this.maxOutput = opts.maxOutput ?? 5000;
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.now = opts.now ?? (() => performance.now());
  }

  push(ev: TraceEvent): void {
    this.pending.push(ev);
    if (ev.kind === 'output' && ++this.pendingOutput > 2 * this.maxOutput) this.trim();
    this.schedule();
  }

  /** The page has handled the previous batch: the next one may go. */
  ack(): void {
    this.inFlight = false;
    this.schedule();
  }

  /** Sends everything now (end of run). */
  flushNow(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.sendPending();
  }

  private schedule(): void {
    if (this.inFlight || this.pending.length === 0) return;
    // Under a message flood timers may starve, so a due batch goes out from here, without one.
    if (this.now() - this.lastSent >= this.intervalMs) {
      if (this.timer !== null) this.clearTimer(this.timer);
      this.timer = null;
      this.sendPending();
      return;
    }
    this.timer ??= this.setTimer(() => {
      this.timer = null;
      if (!this.inFlight) this.sendPending();
    }, this.intervalMs);
  }

  private sendPending(): void {
    if (this.pending.length === 0 && this.skipped === 0) return;
    this.trim();
    const events = this.pending;
    const skipped = this.skipped;
    this.pending = [];
    this.pendingOutput = 0;
    this.skipped = 0;
    this.inFlight = true;
    this.lastSent = this.now();
    this.opts.send(events, skipped);
  }

  /** Drops the oldest output events beyond `maxOutput`. */
  private trim(): void {
    let drop = this.pendingOutput - this.maxOutput;
    if (drop <= 0) return;
    this.skipped += drop;
    this.pendingOutput -= drop;
    this.pending = this.pending.filter((ev) => ev.kind !== 'output' || drop-- <= 0);
  }
}
