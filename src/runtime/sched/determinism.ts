// In a controlled run, what user code could read of the outside world is made a function of the run: Math.random
// and crypto's random values come from a stream seeded by the run's seed and the process's name, Date and
// performance.now read program time, and timers (their callbacks would run at wall-clock moments that no schedule
// controls) raise an error that says what to use instead.
//
// A worker hosts processes one after another, controlled or not, and its built-ins are locked before user code
// runs (src/runtime/harden.ts). So the replacements are installed once per worker, first, as switches: each
// behaves as the original unless the process now running is controlled.
import { RuntimeError } from '../errors';
import { SeededRandom } from '../random';

/** What a controlled process's world is made of. */
export interface WorldOptions {
  seed: number;
  name: string;
  /** Epoch ms at program time 0 (the run's fixed origin). */
  epochMs: number;
  /** Program time now, in ms. */
  programMs: () => number;
}

let world: (WorldOptions & { rng: SeededRandom }) | null = null;
let installed = false;

type Fn = (...a: never[]) => unknown;
const TIMERS = ['setTimeout', 'setInterval', 'setImmediate'] as const;

/**
 * Installs the switches in this worker's global scope. Call once, when the worker starts, before any user code
 * and before the scope is hardened; never where tests share a realm.
 */
export function installWorldSwitches(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as unknown as Record<string, unknown> & {
    crypto?: { getRandomValues?: Fn; randomUUID?: Fn };
    performance?: { now(): number };
  };
  const realRandom = Math.random;
  Math.random = function random(): number {
    return world ? world.rng.random() : realRandom();
  };

  const RealDate = Date;
  const now = () => (world ? world.epochMs + world.programMs() : RealDate.now());
  const SwitchedDate = function Date(this: unknown, ...args: unknown[]) {
    if (!new.target) return world ? new RealDate(now()).toString() : RealDate();
    return Reflect.construct(RealDate, args.length || !world ? args : [now()], new.target) as object;
  } as unknown as DateConstructor;
  Object.setPrototypeOf(SwitchedDate, RealDate);
  Object.defineProperty(SwitchedDate, 'prototype', { value: RealDate.prototype });
  Object.defineProperty(SwitchedDate, 'now', { value: now, writable: true, configurable: true });
  g.Date = SwitchedDate;

  const perf = g.performance;
  if (perf) {
    const realNow = perf.now.bind(perf);
    // Fixed, like the built-in it stands for once the scope is hardened: a program cannot replace it.
    Object.defineProperty(perf, 'now', {
      value: () => (world ? world.programMs() : realNow()),
      writable: false,
      configurable: false,
    });
  }

  for (const t of TIMERS) {
    const real = g[t];
    if (typeof real !== 'function') continue;
    g[t] = function (this: unknown, ...args: unknown[]): unknown {
      if (world) {
        throw new RuntimeError(
          `${t}() is not available in a controlled run: its callback would run at a wall-clock moment that no ` +
            'schedule controls. Wait with `await time.sleep(seconds)` instead (program time, part of the schedule).',
        );
      }
      return Reflect.apply(real as Fn, this, args);
    };
  }

  const c = g.crypto;
  const realGetRandomValues = c?.getRandomValues?.bind(c);
  if (c && realGetRandomValues) {
    c.getRandomValues = ((arr: ArrayBufferView) => {
      if (!world) return realGetRandomValues(arr as never);
      const bytes = new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(world.rng.random() * 256);
      return arr;
    }) as Fn;
  }
  const realUUID = c?.randomUUID?.bind(c);
  if (c && realUUID) {
    c.randomUUID = (() => {
      if (!world) return realUUID();
      const rng = world.rng;
      const hex = Array.from({ length: 32 }, (_, i) =>
        (i === 12 ? 4 : i === 16 ? 8 + Math.floor(rng.random() * 4) : Math.floor(rng.random() * 16)).toString(16),
      ).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    }) as Fn;
  }
}

/** The process about to run here is controlled: the switches now give its world. */
export function controlTheWorld(o: WorldOptions): void {
  world = { ...o, rng: new SeededRandom(`${o.seed}:${o.name}:world`) };
}

/** The process about to run here is not controlled: the switches give the real world. */
export function releaseTheWorld(): void {
  world = null;
}
