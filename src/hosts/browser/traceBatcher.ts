// Trace events from the kernel to the page in batches, with flow control: one batch in flight at a time,
// at most one every interval, and a print flood trimmed to its newest lines so the page never drowns.
// Item events (put, take, taskDone) are not pushed one by one: each batch takes the rows recorded since the
// previous one from the kernel's columns, packed (transferable), with where each other event falls among them.
import type { PackedItems } from '../../protocol/packedItems';
import type { TraceEvent } from '../../protocol/trace';

/** The item rows of a batch, and for each of its events how many of those rows come before it. */
export interface BatchItems {
  items: PackedItems;
  positions: number[];
}

/** Where the batcher reads item rows: the kernel's `trace.items`. */
export interface ItemSource {
  /** Rows recorded so far. */
  readonly length: number;
  slice(from: number, to: number): PackedItems;
}

export interface TraceBatcherOptions {
  /** Sends one batch; `skipped` output events were dropped (oldest first) since the previous batch. */
  send(events: TraceEvent[], skipped: number, items?: BatchItems): void;
  /** Item rows to send along; without it no batch carries any. */
  items?: ItemSource;
  /** Minimum ms between batches (one animation frame). */
  intervalMs?: number;
  /**
   * Minimum ms between batches while item rows wait to be sent (a queue flood): fewer, larger batches cost
   * the page and this worker less per item, and the page's main thread competes less with the processes.
   */
  itemIntervalMs?: number;
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
  /** For each pending event: item rows recorded (in all) before it. */
  private pendingPos: number[] = [];
  /** Item rows already sent. */
  private itemsSent = 0;
  private pendingOutput = 0;
  private skipped = 0;
  private inFlight = false;
  private timer: unknown = null;
  private lastSent = -Infinity;
  private readonly intervalMs: number;
  private readonly itemIntervalMs: number;
  private readonly maxOutput: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (h: unknown) => void;
  private readonly now: () => number;

  constructor(private readonly opts: TraceBatcherOptions) {
    this.intervalMs = opts.intervalMs ?? 16;
    this.itemIntervalMs = Math.max(this.intervalMs, opts.itemIntervalMs ?? this.intervalMs);
    this.maxOutput = opts.maxOutput ?? 5000;
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    this.now = opts.now ?? (() => performance.now());
  }

  /** An event that is not an item event; `itemsBefore`: item rows recorded, in all, before it. */
  push(ev: TraceEvent, itemsBefore = 0): void {
    this.pending.push(ev);
    this.pendingPos.push(itemsBefore);
    if (ev.kind === 'output' && ++this.pendingOutput > 2 * this.maxOutput) this.trim();
    this.schedule();
  }

  /** More item rows were recorded (see `items`): a batch should carry them. */
  noteItems(): void {
    this.schedule();
  }

  private itemsWaiting(): boolean {
    return !!this.opts.items && this.opts.items.length > this.itemsSent;
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
    if (this.inFlight || (this.pending.length === 0 && !this.itemsWaiting())) return;
    const interval = this.itemsWaiting() ? this.itemIntervalMs : this.intervalMs;
    // Under a message flood timers may starve, so a due batch goes out from here, without one.
    const wait = this.lastSent + interval - this.now();
    if (wait <= 0) {
      if (this.timer !== null) this.clearTimer(this.timer);
      this.timer = null;
      this.sendPending();
      return;
    }
    this.timer ??= this.setTimer(() => {
      this.timer = null;
      if (!this.inFlight) this.schedule();
    }, wait);
  }

  private sendPending(): void {
    if (this.pending.length === 0 && this.skipped === 0 && !this.itemsWaiting()) return;
    this.trim();
    const events = this.pending;
    const skipped = this.skipped;
    let items: BatchItems | undefined;
    const source = this.opts.items;
    // Positions never decrease, so the last one is the largest.
    const lastPos = this.pendingPos[this.pendingPos.length - 1] ?? 0;
    if (source && Math.max(source.length, lastPos) > this.itemsSent) {
      const from = this.itemsSent;
      const to = Math.max(source.length, lastPos);
      items = { items: source.slice(from, to), positions: this.pendingPos.map((p) => Math.max(0, p - from)) };
      this.itemsSent = to;
    }
    this.pending = [];
    this.pendingPos = [];
    this.pendingOutput = 0;
    this.skipped = 0;
    this.inFlight = true;
    this.lastSent = this.now();
    if (items) this.opts.send(events, skipped, items);
    else this.opts.send(events, skipped);
  }

  /** Drops the oldest output events beyond `maxOutput`. */
  private trim(): void {
    let drop = this.pendingOutput - this.maxOutput;
    if (drop <= 0) return;
    this.skipped += drop;
    this.pendingOutput -= drop;
    const keep = this.pending.map((ev) => ev.kind !== 'output' || drop-- <= 0);
    this.pending = this.pending.filter((_, i) => keep[i]);
    this.pendingPos = this.pendingPos.filter((_, i) => keep[i]);
  }
}
