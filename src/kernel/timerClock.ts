// A clock whose time moves only when told: timers wait in a map and fire one at a time, earliest first, when
// the clock is advanced to them. Controlled runs (sched/virtualClock.ts) and the test harness both use it.
import type { Clock } from './host';

export class TimerClock implements Clock {
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  /** `t`: the time now (ms); a test may move it on by hand (CPU work that takes time). */
  constructor(public t: number) {}

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
