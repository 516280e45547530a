// Program time: runs at the run's speed while every live process sleeps or waits, and at 1× while any of
// them boots or computes, so "CPU work is never scaled" and a worker's start-up is not multiplied by the
// speed. Timers are program-time deadlines, re-armed on the wall clock whenever the rate changes.
import type { Clock } from './host';

/** How a process turns its wall clock into program time: prog + (wallNow - wall) × rate (ms). */
export interface ClockMapping {
  wall: number;
  prog: number;
  rate: number;
}

/** The longest delay setTimeout takes as given (about 24.8 days); a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ProgramClock {
  private wall0: number;
  private prog0 = 0;
  private rate = 1;
  /** Bumped on every re-anchoring, so senders know when a process's copy is stale. */
  version = 0;
  private seq = 0;
  private readonly timers = new Map<number, { deadline: number; fn: () => void }>();
  private armed: unknown = null;
  private armedFor = Infinity;

  constructor(
    private readonly clock: Clock,
    readonly speed: number,
  ) {
    this.wall0 = clock.now();
  }

  /** The run starts: program time 0 is now, at 1×, with no timers, as on a clock made now. */
  restart(): void {
    this.clear();
    this.wall0 = this.clock.now();
    this.prog0 = 0;
    this.rate = 1;
    this.version = 0;
    this.seq = 0;
  }

  /** Program ms now. */
  now(): number {
    return this.prog0 + (this.clock.now() - this.wall0) * this.rate;
  }

  mapping(): ClockMapping {
    return { wall: this.wall0, prog: this.prog0, rate: this.rate };
  }

  /** `idle`: every live process is sleeping or waiting on something, so time may run at the run's speed. */
  setIdle(idle: boolean): void {
    const rate = idle ? this.speed : 1;
    if (rate === this.rate) return;
    const wall = this.clock.now();
    this.prog0 += (wall - this.wall0) * this.rate;
    this.wall0 = wall;
    this.rate = rate;
    this.version++;
    this.rearm(true);
  }

  /** Runs `fn` once `ms` program milliseconds have passed. */
  after(ms: number, fn: () => void): number {
    const id = ++this.seq;
    this.timers.set(id, { deadline: this.now() + Math.max(0, ms), fn });
    this.rearm(false);
    return id;
  }

  cancel(id: unknown): void {
    if (this.timers.delete(id as number) && this.timers.size === 0) this.disarm();
  }

  /** Stops every timer (the run is over). */
  clear(): void {
    this.timers.clear();
    this.disarm();
  }

  private disarm(): void {
    if (this.armed !== null) this.clock.clearTimer(this.armed);
    this.armed = null;
    this.armedFor = Infinity;
  }

  private rearm(force: boolean): void {
    let first = Infinity;
    for (const t of this.timers.values()) if (t.deadline < first) first = t.deadline;
    if (first === Infinity) return this.disarm();
    if (!force && this.armed !== null && this.armedFor <= first) return;
    this.disarm();
    this.armedFor = first;
    const wait = Math.max(0, (first - this.now()) / this.rate);
    // Hosts' timers overflow past 2^31 - 1 ms (then fire at once, again and again): wake then and re-arm.
    this.armed = this.clock.setTimer(Math.min(MAX_TIMER_MS, wait), () => this.fire());
  }

  private fire(): void {
    this.armed = null;
    this.armedFor = Infinity;
    const now = this.now() + 1e-6;
    const due = [...this.timers].filter(([, t]) => t.deadline <= now).sort((a, b) => a[1].deadline - b[1].deadline);
    for (const [id] of due) this.timers.delete(id);
    for (const [, t] of due) t.fn();
    this.rearm(false);
  }
}
