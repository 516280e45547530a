// Pool and AsyncResult with CPython's behaviour (CPYTHON-CASES §1.11, O01–O22), both ends in one thread; how
// work is handed out, and a large pool (O23), in poolScheduling.test.ts.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { errorText as err, runMain as main } from '../testkit/inProcess';
import { basics } from './pool.test-util';

describe('Pool construction (O01–O03)', () => {
  it('checks its arguments with CPython messages', async () => {
    const run = await main(async ({ mp, print }) => {
      for (const f of [
        () => new mp.Pool(0),
        () => new mp.Pool(-1),
        () => new mp.Pool(3, { maxtasksperchild: 0 }),
        () => new mp.Pool(3, { maxtasksperchild: 0.5 }),
        () => new mp.Pool(1, { initializer: 1 }),
        () => new mp.Pool({ processes: 2 }),
      ])
        print(await err(f));
    });
    expect(run.out('MainProcess').split('\n')).toEqual([
      'ValueError: Number of processes must be at least 1',
      'ValueError: Number of processes must be at least 1',
      'ValueError: maxtasksperchild must be a positive int or None',
      'ValueError: maxtasksperchild must be a positive int or None',
      'TypeError: initializer must be a callable',
      "TypeError: Pool's first argument is the number of processes, not object: write new Pool(2, { initializer, initargs, maxtasksperchild })",
      '',
    ]);
  });

  it('starts daemonic SpawnPoolWorker-N processes, runs the initializer once in each, defaults to cpuCount()', async () => {
    const run = await main(
      async ({ mp, print }, { whoami, hello }) => {
        const pool = new mp.Pool(null, { initializer: hello, initargs: ['hi'] });
        print(String(pool), mp.activeChildren().length);
        const names = new Set(await pool.map(whoami, mp.Array ? [1, 2, 3, 4, 5, 6, 7, 8] : []));
        print([...names].sort().join(','));
        pool.close();
        await pool.join();
        print(String(pool), mp.activeChildren().length);
      },
      (ctx) => ({ ...basics(ctx), hello: (tag: string) => ctx.print(tag, ctx.mp.currentProcess().daemon) }),
    );
    expect(run.out('MainProcess')).toMatch(
      /^<multiprocessing\.pool\.Pool state=RUN pool_size=2> 2\n(SpawnPoolWorker-[12],?)+\n<multiprocessing\.pool\.Pool state=CLOSE pool_size=2> 0\n$/,
    );
    expect(run.out('SpawnPoolWorker-1')).toBe('hi true\n');
    expect(run.out('SpawnPoolWorker-2')).toBe('hi true\n');
    expect(run.of('SpawnPoolWorker-1', 'spawn')[0]).toMatchObject({ daemon: true });
  });
});

describe('initargs', () => {
  it('may carry a Queue and a Value, as a Process args may: each worker (replacements too) gets them', async () => {
    let shared: { q: { put(x: number): Promise<void> }; hits: { value: number } } | null = null;
    const run = await main(
      async ({ mp, print }, { work }) => {
        const q = new mp.Queue();
        const hits = mp.Value('i', 0);
        const pool = new mp.Pool(2, { initializer: setup, initargs: [q, hits], maxtasksperchild: 2 });
        print((await pool.map(work, [1, 2, 3, 4, 5, 6], 1)).join(','));
        pool.close();
        await pool.join();
        const got: number[] = [];
        for (let i = 0; i < 6; i++) got.push(await q.get());
        print(got.sort((a, b) => a - b).join(','), hits.value);
      },
      () => ({ setup, work }),
    );
    function setup(q: { put(x: number): Promise<void> }, hits: { value: number }) {
      shared = { q, hits };
    }
    async function work(x: number) {
      await shared!.q.put(x * 10);
      shared!.hits.value += 1;
      return x;
    }
    expect(run.out('MainProcess', 'stderr')).toBe('');
    const [line1, line2] = run.out('MainProcess').split('\n');
    expect(line1).toBe('1,2,3,4,5,6');
    expect(line2).toBe('10,20,30,40,50,60 6'); // one thread here: no update is lost
    const workers = run.events.filter((e) => e.kind === 'spawn' && e.name.startsWith('SpawnPoolWorker'));
    expect(workers.length).toBeGreaterThanOrEqual(4); // 6 tasks, 2 per worker: replacements got them too
  });
});

describe('apply, map, starmap, imap (O04–O07)', () => {
  it('computes what the builtins would, with and without chunksize, and for empty input', async () => {
    const run = await main(async ({ mp, print }, { sqr, mul }) => {
      const pool = new mp.Pool(2);
      print(await pool.apply(sqr, [5]));
      print((await pool.map(sqr, range(10))).join(','), (await pool.map(sqr, range(10), 20)).join(','));
      print(JSON.stringify(await pool.map(sqr, [])), JSON.stringify(await pool.mapAsync(sqr, []).get()));
      print(
        (
          await pool.starmap(mul, [
            [1, 2],
            [3, 4],
          ])
        ).join(','),
        (await pool.starmapAsync(mul, [[5, 6]]).get()).join(),
      );
      const got = [];
      for await (const y of pool.imap(sqr, range(5))) got.push(y);
      print(got.join(','));
      pool.terminate();
    }, basics);
    function range(n: number) {
      return Array.from({ length: n }, (_, i) => i);
    }
    expect(run.out('MainProcess')).toBe(
      '25\n0,1,4,9,16,25,36,49,64,81 0,1,4,9,16,25,36,49,64,81\n[] []\n2,12 30\n0,1,4,9,16\n',
    );
  });

  it("splits map into CPython's default chunks and traces each chunk as a task span on its worker", async () => {
    const run = await main(async ({ mp }, { sqr }) => {
      const pool = new mp.Pool(2);
      await pool.map(
        sqr,
        Array.from({ length: 100 }, (_, i) => i),
      ); // divmod(100, 8) = (12, 4) -> chunksize 13
      pool.terminate();
    }, basics);
    const starts = run.events.filter((e) => e.kind === 'task' && e.phase === 'start') as Extract<
      TraceEvent,
      { kind: 'task' }
    >[];
    expect(starts).toHaveLength(8); // ceil(100 / 13)
    expect(starts.every((s) => s.fn === 'sqr' && s.obj === 'Pool#1')).toBe(true);
    const workerPids = new Set([run.pidOf('SpawnPoolWorker-1'), run.pidOf('SpawnPoolWorker-2')]);
    expect(starts.every((s) => workerPids.has(s.pid))).toBe(true);
    const ends = run.events.filter((e) => e.kind === 'task' && e.phase === 'end');
    expect(ends).toHaveLength(8);
  });

  it('imapUnordered yields in completion order; imap.next(timeout) raises TimeoutError and a later next() still gets it (O06, O07)', async () => {
    const run = await main(async ({ mp, print }, { slow }) => {
      const pool = new mp.Pool(3);
      const order = [];
      for await (const x of pool.imapUnordered(slow, [0.3, 0.1, 0.2])) order.push(x);
      print(order.join(','));
      const it = pool.imap(slow, [0.5]);
      print(await err(() => it.next(0.1)));
      print(JSON.stringify(await it.next()), JSON.stringify(await it.next()));
      print(await err(() => pool.imap(slow, [1], 0)));
      pool.terminate();
    }, basics);
    expect(run.out('MainProcess')).toBe(
      '0.1,0.2,0.3\nTimeoutError: \n{"done":false,"value":0.5} {"done":true}\nValueError: Chunksize must be 1+, not 0\n',
    );
  });
});

describe('AsyncResult (O08, O09, O13)', () => {
  it('get(timeout) raises multiprocessing.TimeoutError; ready()/successful() before and after', async () => {
    const run = await main(async ({ mp, print }, { slow }) => {
      const pool = new mp.Pool(1);
      const r = pool.applyAsync(slow, [1]);
      print(r.ready(), await err(() => r.successful()));
      const e = await r.get(0.1).catch((x: Error) => x);
      print(e instanceof mp.TimeoutError, e instanceof mp.ProcessError, `[${(e as Error).message}]`);
      await r.wait(0.1);
      print(r.ready());
      print(await r.get(), r.ready(), r.successful());
      pool.terminate();
    }, basics);
    const lines = run.out('MainProcess').split('\n');
    expect(lines[0]).toMatch(/^false ValueError: <multiprocessing\.pool\.ApplyResult object .*> not ready$/);
    expect(lines.slice(1)).toEqual(['true true []', 'false', '1 true true', '']);
  });

  it('calls callback with the result, or only errorCallback with the exception', async () => {
    const run = await main(async ({ mp, print, time }, { sqr, bad }) => {
      const pool = new mp.Pool(2);
      const seen: string[] = [];
      const a = pool.applyAsync(bad, [3], {
        callback: () => seen.push('cb'),
        errorCallback: (e: Error) => seen.push(`eb ${e.name} ${e.message}`),
      });
      const b = pool.mapAsync(sqr, [1, 2], { callback: (v: number[]) => seen.push(`cb ${v.join(',')}`) });
      await a.wait();
      await b.wait();
      await time.sleep(0.01);
      print(seen.sort().join(' | '), a.successful(), b.successful());
      pool.terminate();
    }, basics);
    expect(run.out('MainProcess')).toBe('cb 1,4 | eb RangeError bad 3 false true\n');
  });
});

describe('AsyncResult of a map', () => {
  it("get() gives back the same list every time, as CPython's AsyncResult keeps its value; a done map that failed raises again", async () => {
    const run = await main(async ({ mp, print }, { sqr, bad }) => {
      const pool = new mp.Pool(2);
      const r = pool.mapAsync(
        sqr,
        Array.from({ length: 100 }, (_, i) => i),
      );
      const first = await r.get();
      const again = await r.get();
      print(first === again, first.length, first[99], r.ready(), r.successful());
      const f = pool.mapAsync(bad, [1, 2, 3, 4]);
      await f.wait();
      print(f.ready(), f.successful(), await err(() => f.get()), await err(() => f.get()));
      pool.terminate();
    }, basics);
    expect(run.out('MainProcess')).toBe('true 100 9801 true true\ntrue false RangeError: bad 3 RangeError: bad 3\n');
  });
});

describe('errors (O10–O12, O14–O19, D02)', () => {
  it("re-raises a task's exception with the same class and message, the remote traceback as its cause; the worker survives", async () => {
    const run = await main(async ({ mp, print }, { bad, whoami }) => {
      const pool = new mp.Pool(1);
      const before = await pool.apply(whoami);
      const e = (await pool.apply(bad, [3]).catch((x: Error) => x)) as Error & { cause?: Error };
      print(e.name, e.message, e.cause?.name);
      print(
        e.cause?.message.startsWith('\n"""\nTraceback (most recent call last):') ||
          e.cause?.message.startsWith('\n"""\n'),
      );
      print((await pool.apply(whoami)) === before);
      pool.terminate();
    }, basics);
    expect(run.out('MainProcess')).toBe('RangeError bad 3 RemoteTraceback\ntrue\ntrue\n');
  });

  it('map raises the first error only after every chunk ran; imap yields around the failure (O12)', async () => {
    const run = await main(async ({ mp, print }, { bad }) => {
      const pool = new mp.Pool(2);
      print(await err(() => pool.map(bad, [0, 1, 2, 3, 4, 5], 1)));
      const it = pool.imap(bad, [0, 1, 2, 3, 4]);
      const got = [];
      for (;;) {
        try {
          const r = await it.next();
          if (r.done) break;
          got.push(r.value);
        } catch (e) {
          got.push((e as Error).name);
        }
      }
      print(got.join(','));
      pool.terminate();
    }, basics);
    expect(run.out('MainProcess')).toBe('RangeError: bad 3\n0,1,2,RangeError,4\n');
    const ends = run.events.filter((e) => e.kind === 'task' && e.phase === 'end' && e.job === 1);
    expect(ends).toHaveLength(6); // every chunk of the failing map still ran
  });

  it('an unpicklable result is MaybeEncodingError; an unpicklable argument or function fails at once (O14, O15)', async () => {
    const run = await main(
      async ({ mp, print }, { makeLocal, sqr }) => {
        const pool = new mp.Pool(1);
        print(await err(() => pool.apply(makeLocal)));
        print(await err(() => pool.map((x: number) => x, [1])));
        print(await err(() => pool.map(sqr, [() => 1])));
        print(await pool.apply(sqr, [3])); // the worker survived
        pool.terminate();
      },
      (ctx) => ({ ...basics(ctx), makeLocal: () => () => 1 }),
    );
    const lines = run.out('MainProcess').split('\n');
    expect(lines[0]).toMatch(/^MaybeEncodingError: Error sending result: '.*'\. Reason: 'PicklingError\(/);
    expect(lines[1]).toMatch(/^PicklingError: Can't pickle <function/);
    expect(lines[2]).toMatch(/^PicklingError: Can't pickle <function/);
    expect(lines[3]).toBe('9');
  });

  it('after close() or terminate(): Pool not running; join() while running: Pool is still running (O16, O17); no pickling (O19)', async () => {
    const run = await main(async ({ mp, print }, { sqr }) => {
      const p = new mp.Pool(1);
      print(await err(() => p.join()));
      const queued = p.applyAsync(sqr, [4]);
      p.close();
      for (const f of [
        () => p.apply(sqr, [1]),
        () => p.applyAsync(sqr, [1]),
        () => p.map(sqr, [1]),
        () => p.imap(sqr, [1]),
      ]) {
        print(await err(f));
      }
      await p.join();
      print(await queued.get()); // queued tasks finished before the workers left
      const q = new mp.Queue();
      await q.put(new mp.Pool(1));
      print(await err(() => q.get({ timeout: 0.1 })));
    }, basics);
    const out = run.out('MainProcess', 'stdout').split('\n');
    expect(out.slice(0, 7)).toEqual([
      'ValueError: Pool is still running',
      ...Array(4).fill('ValueError: Pool not running'),
      '16',
      'Empty: ',
    ]);
    expect(run.out('MainProcess', 'stderr')).toContain(
      'NotImplementedError: pool objects cannot be passed between processes or pickled',
    );
  });

  it('`await using` terminates the pool as `with Pool()` does: a pending result never comes (O18)', async () => {
    const run = await main(async ({ mp, print }, { slow }) => {
      let pending;
      {
        const pool = new mp.Pool(1);
        pending = pool.applyAsync(slow, [10]);
        await pool[Symbol.asyncDispose]();
        print(String(pool));
      }
      print(pending.ready(), await err(() => pending.get(0.5)));
    }, basics);
    expect(run.out('MainProcess')).toBe(
      '<multiprocessing.pool.Pool state=TERMINATE pool_size=1>\nfalse TimeoutError: \n',
    );
    expect(run.of('SpawnPoolWorker-1', 'exit')[0]).toMatchObject({ code: -15 });
  });

  it('a pool task that starts a process fails with the daemon AssertionError (D02)', async () => {
    const run = await main(
      async ({ mp, print }, { nested }) => {
        const pool = new mp.Pool(1);
        print(await err(() => pool.apply(nested)));
        pool.terminate();
      },
      (ctx) => ({ nested: () => new ctx.mp.Pool(1), ...basics(ctx) }),
    );
    expect(run.out('MainProcess')).toBe('AssertionError: daemonic processes are not allowed to have children\n');
  });
});

describe('worker lifetime (O20, O22)', () => {
  it('maxtasksperchild replaces workers and keeps every result', async () => {
    const run = await main(async ({ mp, print }, { sqr, whoami }) => {
      const pool = new mp.Pool(2, { maxtasksperchild: 2 });
      const squares = await pool.map(
        sqr,
        Array.from({ length: 20 }, (_, i) => i),
        1,
      );
      print(squares.reduce((a: number, b: number) => a + b, 0));
      const names = new Set();
      for (let i = 0; i < 6; i++) names.add(await pool.apply(whoami));
      print(names.size > 2);
      pool.close();
      await pool.join();
    }, basics);
    expect(run.out('MainProcess')).toBe('2470\ntrue\n');
    const workers = run.events.filter((e) => e.kind === 'spawn' && e.name.startsWith('SpawnPoolWorker-'));
    expect(workers.length).toBeGreaterThanOrEqual(13); // 26 tasks, 2 per worker
  });

  it('a task lost with its killed worker never completes: get(timeout) times out, get() is reported as a deadlock (O22)', async () => {
    const run = await main(async ({ mp, print, time }, { slow }) => {
      const pool = new mp.Pool(1);
      const r = pool.applyAsync(slow, [5]);
      await time.sleep(0.5);
      for (const w of mp.activeChildren()) w.kill();
      print(await err(() => r.get(1)));
      await r.get();
    }, basics);
    expect(run.out('MainProcess', 'stdout')).toBe('TimeoutError: \n');
    expect(run.result).toMatchObject({ reason: 'deadlock', exitCode: 124 });
    const d = run.events.find((e) => e.kind === 'deadlock') as Extract<TraceEvent, { kind: 'deadlock' }>;
    expect(d.report).toMatch(/MainProcess \(pid 1000\) waits in Pool#1\.get\(job 1\)/);
  });
});
