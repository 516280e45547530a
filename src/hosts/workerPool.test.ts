// The worker pool with fake workers and a fake CPU clock: when spares boot, and when they wait for a free core.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProcToKernel } from '../protocol/messages';
import { neverStartedMessage, type RawWorker, TOP_UP_CHECK_MS, WorkerPool } from './workerPool';

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

describe('which idle worker a process gets', () => {
  it('a booted one before a spare still booting ahead of it', () => {
    const made: { boot: () => void; posts: number }[] = [];
    const pool = new WorkerPool(
      {
        create: (): RawWorker => {
          let listener: ((batch: ProcToKernel[]) => void) | null = null;
          const w = { boot: () => listener?.([{ t: 'ready' } as ProcToKernel]), posts: 0 };
          made.push(w);
          return {
            post: () => void w.posts++,
            listen: (h) => void (listener = h),
            onDeath: () => {},
            terminate: () => {},
          };
        },
        spare: 2,
      },
      () => {},
    );
    pool.spawn(1); // its worker, then spares 1 and 2
    made[0]!.boot();
    made[2]!.boot(); // spare 2 booted; spare 1 (ahead of it) is still booting
    pool.spawn(2).post([{ t: 'wake' }] as never);
    expect(made.slice(0, 3).map((w) => w.posts)).toEqual([0, 0, 1]); // a new spare boots behind it
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

describe('a process whose worker never starts it', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  /** Workers that say `ready` when told, then say `boot` (the process started) only when told. */
  function watched() {
    const made: { say: (t: string) => void; terminated: boolean }[] = [];
    const crashes: [number, string][] = [];
    const pool = new WorkerPool(
      {
        create: (): RawWorker => {
          let listener: ((batch: ProcToKernel[]) => void) | null = null;
          const w = { say: (t: string) => listener?.([{ t } as ProcToKernel]), terminated: false };
          made.push(w);
          return {
            post: () => {},
            listen: (h) => void (listener = h),
            onDeath: () => {},
            terminate: () => void (w.terminated = true),
          };
        },
        spare: 0,
        startTimeoutMs: 20_000,
      },
      (pid, text) => crashes.push([pid, text]),
    );
    return { pool, made, crashes };
  }

  it('is ended with a SystemError that blames its start, once the start time is up, and its worker is ended', () => {
    const s = watched();
    s.pool.spawn(7);
    s.made[0]!.say('ready'); // the worker booted, but the process's first message never reached it
    vi.advanceTimersByTime(19_999);
    expect(s.crashes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(s.crashes).toEqual([[7, neverStartedMessage(20_000)]]);
    expect(s.crashes[0]![1]).toMatch(/^SystemError: this process never started: .* within 20 s/);
    expect(s.made[0]!.terminated).toBe(true);
  });

  it('given a worker still booting, has the whole start time from the moment the worker is ready', () => {
    const s = watched();
    s.pool.spawn(7);
    vi.advanceTimersByTime(15_000); // the worker boots slowly (its own boot watch is the host's)
    s.made[0]!.say('ready');
    vi.advanceTimersByTime(19_999);
    expect(s.crashes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(s.crashes).toEqual([[7, neverStartedMessage(20_000)]]);
  });

  it('is never timed out once its worker said anything beyond ready, nor after it is over', () => {
    const s = watched();
    s.pool.spawn(1);
    s.pool.spawn(2);
    s.made[0]!.say('ready');
    s.made[0]!.say('boot');
    s.pool.kill(2); // over before it started (e.g. terminated)
    vi.advanceTimersByTime(60_000);
    expect(s.crashes).toEqual([]);
    expect(s.made[0]!.terminated).toBe(false);
  });

  it('each process on a recycled worker is watched anew', () => {
    const s = watched();
    s.pool.spawn(1);
    s.made[0]!.say('ready');
    s.made[0]!.say('boot');
    s.pool.kill(1, true); // clean exit: the worker waits idle for the next process
    s.pool.spawn(2);
    expect(s.made).toHaveLength(1);
    vi.advanceTimersByTime(20_000);
    expect(s.crashes.map(([pid]) => pid)).toEqual([2]);
  });
});
