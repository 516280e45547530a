// The worker pool with fake workers and a fake CPU clock: when spares boot, and when they wait for a free core.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProcToKernel } from '../protocol/messages';
import { type RawWorker, TOP_UP_CHECK_MS, WorkerPool } from './workerPool';

/** Fake workers that boot when told to (they post `ready`), and a CPU clock the test advances. */
function setup(cpu?: { cores: number }) {
  const workers: { boot: () => void }[] = [];
  let cpuMs = 0;
  const pool = new WorkerPool(
    {
      create: (): RawWorker => {
        let listener: ((batch: ProcToKernel[]) => void) | null = null;
        workers.push({ boot: () => listener?.([{ t: 'ready' } as ProcToKernel]) });
        return { post: () => {}, listen: (h) => void (listener = h), onDeath: () => {}, terminate: () => {} };
      },
      spare: 2,
      ...(cpu ? { cpu: { used: () => cpuMs, cores: cpu.cores } } : {}),
    },
    () => {},
  );
  return {
    pool,
    created: () => pool.created,
    bootAll: () => workers.forEach((w) => w.boot()),
    /** Lets `ms` of wall time pass while this run's threads use `cores` cores. */
    pass: (ms: number, cores: number) => {
      cpuMs += ms * cores;
      vi.advanceTimersByTime(ms);
    },
  };
}

describe('spare workers', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('boots the first spares with the first process, and without a CPU clock tops them up at once', () => {
    const s = setup();
    s.pool.spawn(1);
    expect(s.created()).toBe(3); // the process's worker and two spares
    s.bootAll();
    s.pool.spawn(2);
    s.pool.spawn(3);
    expect(s.created()).toBe(5); // the two spares went: two more boot at once
  });

  it('with a CPU clock, tops up used spares only once a core was left unused, one at a time', () => {
    const s = setup({ cores: 2 });
    s.pool.spawn(1);
    s.bootAll();
    s.pool.spawn(2);
    s.pool.spawn(3); // a Pool(2) takes both spares, then computes on both cores
    expect(s.created()).toBe(3);
    for (let i = 0; i < 10; i++) s.pass(TOP_UP_CHECK_MS, 2);
    expect(s.created()).toBe(3); // no boot while the program keeps every core busy
    s.pass(TOP_UP_CHECK_MS, 0.5);
    expect(s.created()).toBe(4); // a core was free: one spare boots…
    s.pass(TOP_UP_CHECK_MS, 1.8);
    expect(s.created()).toBe(4); // …and the next waits while that boot (and the program) keep the cores busy
    s.pass(TOP_UP_CHECK_MS, 1);
    expect(s.created()).toBe(5);
    s.pass(TOP_UP_CHECK_MS * 5, 0);
    expect(s.created()).toBe(5); // two spares again: no more
  });

  it('still boots a worker at once for a process that needs one, busy cores or not', () => {
    const s = setup({ cores: 2 });
    s.pool.spawn(1);
    s.bootAll();
    s.pool.spawn(2);
    s.pool.spawn(3);
    s.pool.spawn(4);
    expect(s.created()).toBe(4);
  });

  it('stops topping up when disposed', () => {
    const s = setup({ cores: 2 });
    s.pool.spawn(1);
    s.bootAll();
    s.pool.spawn(2);
    s.pool.dispose();
    s.pass(TOP_UP_CHECK_MS * 5, 0);
    expect(s.created()).toBe(3);
  });
});

describe('the end of a run', () => {
  it('hands idle, booted workers back to their lender and ends the busy ones and those still booting', () => {
    const made: { released: boolean; terminated: boolean; boot: () => void }[] = [];
    const pool = new WorkerPool(
      {
        create: (): RawWorker => {
          let listener: ((batch: ProcToKernel[]) => void) | null = null;
          const w = { released: false, terminated: false, boot: () => listener?.([{ t: 'ready' } as ProcToKernel]) };
          made.push(w);
          return {
            post: () => {},
            listen: (h) => void (listener = h),
            onDeath: () => {},
            terminate: () => void (w.terminated = true),
            release: () => void (w.released = true),
          };
        },
        spare: 2,
      },
      () => {},
    );
    pool.spawn(1); // a worker for pid 1 and two spares
    made[0]!.boot();
    made[1]!.boot(); // one spare booted, the other still booting
    pool.dispose();
    expect(made.map((w) => [w.released, w.terminated])).toEqual([
      [false, true],
      [true, false],
      [false, true],
    ]);
  });
});
