// A lone consumer of a queue gets waiting items ahead, in leases, without a round trip each: every item still
// goes to exactly one get(), in order, and a second consumer's get() recalls what was leased. Both ends in one thread.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueueObject } from '../kernel/objects/queues';
import { runMain as main, type Ctx } from '../testkit/inProcess';

describe('leases (a lone consumer gets waiting items ahead, without a round trip each)', () => {
  it('hands every item to exactly one get(), in order, and recalls leased items when a second consumer asks', async () => {
    const run = await main(
      async ({ mp, time, print }, { drain }) => {
        const q = new mp.Queue();
        const out = new mp.Queue();
        for (let i = 0; i < 600; i++) await q.put(i);
        const a = new mp.Process({ target: drain, args: [q, out, 'A'] });
        a.start();
        await time.sleep(1); // A holds a lease of waiting items by now
        const b = new mp.Process({ target: drain, args: [q, out, 'B'] });
        b.start();
        await time.sleep(1);
        for (let i = 0; i < 2; i++) await q.put(null);
        await a.join();
        await b.join();
        const got: [string, number][] = [];
        for (;;) {
          try {
            got.push(await out.get({ block: false }));
          } catch {
            break;
          }
        }
        const nums = got.map(([, n]) => n).sort((x, y) => x - y);
        print(nums.length, new Set(nums).size, nums[0], nums.at(-1));
        const byA = got.filter(([w]) => w === 'A').map(([, n]) => n);
        print(
          byA.every((n, i) => i === 0 || n > byA[i - 1]!),
          got.some(([w]) => w === 'B'),
        );
      },
      (ctx) => ({ drain: makeDrain(ctx) }),
    );
    function makeDrain({ time }: Ctx) {
      return async function drain(
        q: { get(): Promise<number | null> },
        out: { put(x: unknown): Promise<void> },
        who: string,
      ) {
        for (let x = await q.get(); x !== null; x = await q.get()) {
          await out.put([who, x]);
          if (who === 'A') await time.sleep(0.01); // A is slow, so B finds work left
        }
      };
    }
    expect(run.out('MainProcess')).toBe('600 600 0 599\ntrue true\n');
    const takes = run.events.filter((e) => e.kind === 'take' && (e as { obj: string }).obj === 'Queue#1');
    expect(takes).toHaveLength(602); // 600 items and 2 sentinels, each taken once
  });

  it('counts leased items in qsize() and gives them back when the lessee ends', async () => {
    const run = await main(
      async ({ mp, print }) => {
        const q = new mp.Queue();
        for (let i = 0; i < 10; i++) await q.put(i);
        const p = new mp.Process({ target: takeOne, args: [q] });
        p.start();
        await p.join();
        print(await q.qsize());
        const rest = [];
        for (let i = 0; i < 9; i++) rest.push(await q.get());
        print(rest.join(','));
      },
      () => ({ takeOne }),
    );
    async function takeOne(q: { get(): Promise<number>; qsize(): Promise<number> }) {
      await q.get();
    }
    expect(run.out('MainProcess')).toBe('9\n1,2,3,4,5,6,7,8,9\n');
  });
});

describe('asking ahead for the next lease', () => {
  afterEach(() => vi.restoreAllMocks());
  /** Counts the calls the kernel's queues receive, by method, while `body` runs. */
  async function counting(body: () => Promise<void>): Promise<Record<string, number>> {
    const calls: Record<string, number> = {};
    const real = QueueObject.prototype.call;
    vi.spyOn(QueueObject.prototype, 'call').mockImplementation(function (this: QueueObject, method, args, c) {
      calls[method] = (calls[method] ?? 0) + 1;
      return real.call(this, method, args, c);
    });
    await body();
    return calls;
  }

  it('a consumer working through a backlog asks for the next lease before this one runs out', async () => {
    let out = '';
    const calls = await counting(async () => {
      const run = await main(
        async ({ mp, print }, { drain }) => {
          const q = new mp.JoinableQueue();
          for (let i = 0; i < 2000; i++) await q.put(i);
          const c = new mp.Process({ target: drain, args: [q, 2000] });
          c.start();
          await q.join();
          await c.join();
          print(await q.qsize());
        },
        () => ({ drain }),
      );
      out = run.out('MainProcess') + run.out('Process-1', 'stderr');
    });
    async function drain(q: { get(): Promise<number>; taskDone(): void }, n: number) {
      let inOrder = true;
      for (let i = 0; i < n; i++) {
        if ((await q.get()) !== i) inOrder = false;
        q.taskDone();
      }
      if (!inOrder) throw new Error('items out of order');
    }
    expect(out).toBe('0\n');
    // One get() that waited for an answer; every later lease (2000 / 256) was asked for ahead.
    expect(calls.get).toBe(1);
    expect(calls.lease).toBeGreaterThanOrEqual(7);
  });

  it('does not ask ahead when the queue runs dry (no extra round trip per item)', async () => {
    const calls = await counting(async () => {
      await main(
        async ({ mp, time }, { drain }) => {
          const q = new mp.Queue();
          const c = new mp.Process({ target: drain, args: [q, 40] });
          c.start();
          for (let i = 0; i < 40; i++) {
            await q.put(i);
            await time.sleep(0.01);
          }
          await c.join();
        },
        () => ({ drain }),
      );
    });
    async function drain(q: { get(): Promise<number> }, n: number) {
      for (let i = 0; i < n; i++) await q.get();
    }
    expect(calls.get).toBe(40);
    expect(calls.lease ?? 0).toBe(0);
  });
});
