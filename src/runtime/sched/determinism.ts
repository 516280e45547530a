// In a controlled run, what user code could read of the outside world is made a function of the run: Math.random
// and crypto's random values come from a stream seeded by the run's seed and the process's name, Date and
// performance.now read program time, and timers (their callbacks would run at wall-clock moments that no schedule
// controls) raise an error that says what to use instead. A worker hosts processes one after another, so what is
// replaced here is put back before a process that is not controlled runs.
import { RuntimeError } from '../errors';
import { SeededRandom } from '../random';

type Fn = (...a: never[]) => unknown;
interface Saved {
  random: () => number;
  date: DateConstructor;
  perfNow: PropertyDescriptor | undefined;
  timers: [string, unknown][];
  getRandomValues: Fn | undefined;
  randomUUID: Fn | undefined;
}

const TIMERS = ['setTimeout', 'setInterval', 'setImmediate'] as const;
let saved: Saved | null = null;

/** What a controlled process's world is made of. */
export interface WorldOptions {
  seed: number;
  name: string;
  /** Epoch ms at program time 0 (the run's fixed origin). */
  epochMs: number;
  /** Program time now, in ms. */
  programMs: () => number;
}

const g = globalThis as unknown as Record<string, unknown> & {
  crypto?: { getRandomValues?: Fn; randomUUID?: Fn };
  performance: { now(): number };
};

/** Replaces the sources of nondeterminism for one controlled process (idempotent per process). */
export function controlTheWorld(o: WorldOptions): void {
  releaseTheWorld();
  const RealDate = Date;
  saved = {
    random: Math.random,
    date: RealDate,
    perfNow: Object.getOwnPropertyDescriptor(g.performance, 'now'),
    timers: TIMERS.map((t) => [t, g[t]] as [string, unknown]),
    getRandomValues: g.crypto?.getRandomValues,
    randomUUID: g.crypto?.randomUUID,
  };
  const rng = new SeededRandom(`${o.seed}:${o.name}:world`);
  Math.random = () => rng.random();
  const now = () => o.epochMs + o.programMs();
  const ControlledDate = function (this: unknown, ...args: unknown[]) {
    if (!new.target) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length ? args : [now()], new.target) as Date;
  } as unknown as DateConstructor;
  Object.setPrototypeOf(ControlledDate, RealDate);
  Object.defineProperty(ControlledDate, 'prototype', { value: RealDate.prototype });
  Object.defineProperty(ControlledDate, 'now', { value: now, writable: true, configurable: true });
  g.Date = ControlledDate;
  Object.defineProperty(g.performance, 'now', { value: () => o.programMs(), writable: true, configurable: true });
  for (const t of TIMERS) {
    if (typeof g[t] !== 'function') continue;
    g[t] = () => {
      throw new RuntimeError(
        `${t}() is not available in a controlled run: its callback would run at a wall-clock moment that no ` +
          'schedule controls. Wait with `await time.sleep(seconds)` instead (program time, part of the schedule).',
      );
    };
  }
  const c = g.crypto;
  if (c?.getRandomValues) {
    c.getRandomValues = ((arr: ArrayBufferView) => {
      const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rng.random() * 256);
      return arr;
    }) as Fn;
  }
  if (c?.randomUUID) {
    c.randomUUID = (() => {
      const h = Array.from({ length: 32 }, (_, i) =>
        i === 12 ? '4' : (i === 16 ? 8 + Math.floor(rng.random() * 4) : Math.floor(rng.random() * 16)).toString(16),
      ).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }) as Fn;
  }
}

/** Puts back what controlTheWorld replaced (a process that is not controlled is about to run here). */
export function releaseTheWorld(): void {
  if (!saved) return;
  Math.random = saved.random;
  g.Date = saved.date;
  if (saved.perfNow) Object.defineProperty(g.performance, 'now', saved.perfNow);
  else delete (g.performance as { now?: unknown }).now;
  for (const [t, fn] of saved.timers) g[t] = fn;
  if (g.crypto && saved.getRandomValues) g.crypto.getRandomValues = saved.getRandomValues;
  if (g.crypto && saved.randomUUID) g.crypto.randomUUID = saved.randomUUID;
  saved = null;
}
