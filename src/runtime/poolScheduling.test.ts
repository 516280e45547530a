// How a Pool hands out work (one task at a time while tasks take time, leases of quick ones, chunks given back
// after a slow one) and a large pool (O23), both ends in one thread.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { runMain as main } from '../testkit/inProcess';
import { basics } from './pool.test-util';

describe('handing out work', () => {
  const count = (names: string[]) => {
    const per = new Map<string, number>();
    for (const n of names) per.set(n, (per.get(n) ?? 0) + 1);
    return [...per.values()].sort();
  };

  it('spreads tasks that take time one at a time over the workers, as a shared task queue does', async () => {
    const run = await main(
      async ({ mp, print }, { napWho, spinWho }) => {
        const pool = new mp.Pool(2);
        /** Tasks per worker for `n` calls of `fn(arg)`, one per chunk. */
        const spread = async (fn: unknown, n: number, arg: number) =>
          JSON.stringify(
            count(
              await pool.map(
                fn,
                Array.from({ length: n }, () => arg),
                1,
              ),
            ),
          );
        // Quick ones first, so that the pool has seen this function run fast before.
        await spread(napWho, 40, 0);
        print(await spread(napWho, 8, 0.05));
        print(await spread(spinWho, 8, 30));
        pool.terminate();
      },
      (ctx) => ({
        ...basics(ctx),
        napWho: async (s: number) => {
          if (s > 0) await ctx.time.sleep(s);
          return ctx.mp.currentProcess().name;
        },
        spinWho: (ms: number) => {
          ctx.burn(ms); // busy for `ms` of the harness's clock, which is what the pool times its chunks by
          return ctx.mp.currentProcess().name;
        },
      }),
    );
    // Sleeping tasks and busy ones (both on the harness's clock): four on each worker, never five and three.
    expect(run.out('MainProcess')).toBe('[4,4]\n[4,4]\n');
  });

  it('a function quick in its last job but slow now: the chunks handed with a slow one run on the free worker', async () => {
    const run = await main(
      async ({ mp, print }, { napWho }) => {
        const pool = new mp.Pool(2);
        await pool.map(
          napWho,
          Array.from({ length: 40 }, () => 0),
          1,
        );
        // Handed out in halves at submit on the strength of the quick job: the worker whose first task naps
        // 1 s gives back the three handed with it, and the other worker (free after 0.2 s) runs two of them.
        const who: string[] = await pool.map(napWho, [1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05], 1);
        print(JSON.stringify(count(who)), who.slice(1, 4).filter((w) => w === who[0]).length);
        pool.terminate();
      },
      (ctx) => ({
        ...basics(ctx),
        napWho: async (s: number) => {
          if (s > 0) await ctx.time.sleep(s);
          return ctx.mp.currentProcess().name;
        },
      }),
    );
    expect(run.out('MainProcess')).toBe('[2,6] 1\n');
  });

  it('runs quick chunks in order on each worker, each a task span of its own, and loses no result', async () => {
    const run = await main(async ({ mp, print }, { sqr }) => {
      const pool = new mp.Pool(2);
      const squares: number[] = await pool.map(
        sqr,
        Array.from({ length: 3000 }, (_, i) => i),
        1,
      );
      print(
        squares.length,
        squares.every((v, i) => v === i * i),
      );
      pool.terminate();
    }, basics);
    expect(run.out('MainProcess')).toBe('3000 true\n');
    const tasks = run.events.filter((e) => e.kind === 'task') as Extract<TraceEvent, { kind: 'task' }>[];
    for (const name of ['SpawnPoolWorker-1', 'SpawnPoolWorker-2']) {
      const mine = tasks.filter((e) => e.pid === run.pidOf(name));
      // start, end, start, end…: one span per chunk, in the order the chunks were handed out.
      expect(mine.map((e) => e.phase)).toEqual(mine.map((_, i) => (i % 2 ? 'end' : 'start')));
      for (let i = 0; i + 1 < mine.length; i += 2) expect(mine[i + 1]?.chunk).toBe(mine[i]?.chunk);
      const chunks = mine.filter((e) => e.phase === 'start').map((e) => e.chunk);
      expect(chunks).toEqual([...chunks].sort((a, b) => a - b));
      expect(chunks.length).toBeGreaterThan(0);
    }
    expect(tasks.filter((e) => e.phase === 'start')).toHaveLength(3000);
    expect(new Set(tasks.filter((e) => e.phase === 'end').map((e) => e.chunk)).size).toBe(3000);
  });

  it('a killed worker loses only the task it was running: the quick ones handed to it with it run elsewhere (O22)', async () => {
    // Every process of the harness runs in this thread: a plain variable tells the main process which worker hangs.
    let hung = '';
    const run = await main(
      async ({ mp, print, time }, { hangAt200 }) => {
        const pool = new mp.Pool(2);
        const it = pool.imapUnordered(
          hangAt200,
          Array.from({ length: 400 }, (_, i) => i),
        );
        while (!hung) await time.sleep(0.01); // that worker now waits in task 200, the chunks handed after it too
        for (const w of mp.activeChildren()) if (w.name === hung) w.kill();
        const got: number[] = [];
        for (;;) {
          try {
            got.push((await it.next(2)).value);
          } catch (e) {
            print((e as Error).name);
            break;
          }
        }
        print(got.length, got.includes(200), new Set(got).size);
        pool.terminate();
      },
      (ctx) => ({
        ...basics(ctx),
        hangAt200: async (i: number) => {
          if (i === 200) {
            hung = ctx.mp.currentProcess().name;
            await ctx.time.sleep(1000);
          }
          return i;
        },
      }),
    );
    expect(run.out('MainProcess')).toBe('TimeoutError\n399 false 399\n');
  });

  it('gives back lists of numbers exactly (-0, NaN, ±Infinity), as lists; a typed array stays one', async () => {
    const run = await main(
      async ({ mp, print }, { same, f64 }) => {
        const pool = new mp.Pool(2);
        const xs = Array.from({ length: 40 }, (_, i) => [-0, NaN, Infinity, -Infinity, 0.1, 2 ** 53 + 2][i % 6]);
        const back: unknown[] = await pool.map(same, xs);
        print(
          Array.isArray(back),
          back.length,
          back.every((v, i) => Object.is(v, xs[i])),
        );
        const viaCallback = await new Promise<unknown>((resolve) => pool.mapAsync(same, xs, { callback: resolve }));
        print(Array.isArray(viaCallback));
        const mixed: unknown[] = await pool.map(same, [...xs, 'a', null]);
        print(Array.isArray(mixed), mixed.length, Object.is(mixed[0], -0), mixed.slice(-2).join('|'));
        // One chunk whose results are numbers until its last two: they come back exactly all the same.
        const late: unknown[] = await pool.map(same, [...xs, 'a', null], 100);
        print(
          late.length,
          late.slice(0, 40).every((v, i) => Object.is(v, xs[i])),
          late.slice(-2).join('|'),
        );
        const one = await pool.apply(f64, [20]);
        const many: unknown[] = await pool.map(f64, [20, 20]);
        print(
          one instanceof Float64Array,
          many.every((v) => v instanceof Float64Array && v.length === 20),
        );
        pool.terminate();
      },
      (ctx) => ({ ...basics(ctx), same: (x: unknown) => x, f64: (n: number) => new Float64Array(n).fill(1.5) }),
    );
    expect(run.out('MainProcess')).toBe('true 40 true\ntrue\ntrue 42 true a|\n42 true a|\ntrue true\n');
  });
});

describe('a large pool (O23)', () => {
  it('Pool(200) maps 1000 items: the sum of squares is 332833500', async () => {
    const run = await main(async ({ mp, print }, { sqr }) => {
      const pool = new mp.Pool(200);
      const squares: number[] = await pool.map(
        sqr,
        Array.from({ length: 1000 }, (_, i) => i),
      );
      print(
        squares.reduce((a, b) => a + b, 0),
        mp.activeChildren().length,
      );
      pool.terminate();
    }, basics);
    expect(run.out('MainProcess')).toBe('332833500 200\n');
  });
});
