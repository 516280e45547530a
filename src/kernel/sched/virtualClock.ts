// Virtual time for a controlled run: the clock stands still while any process can take a step, and jumps to the
// next timer when none can. Program time then advances only by sleeps and timeouts, the same in every run.
import type { Clock } from '../host';

/** Epoch ms at program time 0 in every controlled run (2024-01-01T00:00:00Z): `time.time()` is reproducible. */
export const CONTROLLED_EPOCH_MS = 1_704_067_200_000;

export class VirtualClock implements Clock {
  private t = CONTROLLED_EPOCH_MS;
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.t;
  }

  setTimer(ms: number, fn: () => void): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimer(h: unknown): void {
    this.timers.delete(h as number);
  }

  /** Whether any timer is set. */
  get pending(): boolean {
    return this.timers.size > 0;
  }

  /** Jumps to the earliest timer and fires it (ties in the order they were set); false when there is none. */
  advance(): boolean {
    let first: [number, { at: number; fn: () => void }] | null = null;
    for (const e of this.timers) if (!first || e[1].at < first[1].at) first = e;
    if (!first) return false;
    const [id, timer] = first;
    this.timers.delete(id);
    this.t = Math.max(this.t, timer.at);
    timer.fn();
    return true;
  }
}
