// A queue with one producer and one consumer gets a direct link (a SharedArrayBuffer ring or a MessagePort),
// as a pipe direction does. These tests hold that nothing a program or the trace can see changes: every item
// to exactly one get(), FIFO per producer, taskDone()/join() accounting, items given back when the consumer
// changes or ends.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { runMain as main, type TestRun } from '../testkit/inProcess';

type Q = {
  put(x: unknown): Promise<void>;
  get(o?: { block?: boolean; timeout?: number | null }): Promise<unknown>;
  taskDone?(): void;
};

function items(run: TestRun, obj: string) {
  const of = <K extends TraceEvent['kind']>(k: K) =>
    run.events.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === k && 'obj' in e && e.obj === obj);
  return { puts: of('put'), takes: of('take'), untaken: of('untaken').flatMap((e) => e.items) };
}

for (const links of ['sab', 'port', 'off'] as const) {
  describe(`Queue with links ${links}`, () => {
    it('one producer, one consumer: every item once, in order, each traced from put to take', async () => {
      const run = await main(
        async ({ mp, print }, fns) => {
          const q = new mp.Queue();
          const c = new mp.Process({ target: fns.consumer, args: [q] });
          c.start();
          await q.put('first'); // the consumer waits for it: from here it may read by a link
          for (let i = 0; i < 300; i++) await q.put(i % 50 === 0 ? [i, 'tuple'] : i);
          await q.put(null);
          await c.join();
          print(c.exitCode);
        },
        ({ print }) => ({
          async consumer(q: Q) {
            const got: unknown[] = [];
            for (let x = await q.get(); x !== null; x = await q.get()) got.push(x);
            const nums = got.slice(1).map((x) => (Array.isArray(x) ? x[0] : x));
            print(
              got.length,
              got[0],
              JSON.stringify(got[1]),
              nums.every((n, i) => n === i),
            );
          },
        }),
        { pipeLinks: links },
      );
      expect(run.out('Process-1')).toBe('301 first [0,"tuple"] true\n');
      expect(run.out('MainProcess')).toBe('0\n');
      const { puts, takes, untaken } = items(run, 'Queue#1');
      expect(puts).toHaveLength(302);
      expect(takes.map((t) => t.item).sort((a, b) => a - b)).toEqual(puts.map((p) => p.item).sort((a, b) => a - b));
      expect(new Set(takes.map((t) => t.pid))).toEqual(new Set([run.pidOf('Process-1')]));
      expect(untaken).toEqual([]);
      expect(run.kernel.pipeLinksMade).toBe(links === 'off' ? 0 : 1);
    });

    it('JoinableQueue: join() returns once every item is marked done, taken by link or not', async () => {
      const run = await main(
        async ({ mp, print }, fns) => {
          const q = new mp.JoinableQueue();
          const c = new mp.Process({ target: fns.worker, args: [q], daemon: true });
          c.start();
          for (let i = 0; i < 200; i++) await q.put(i);
          await q.join();
          print('joined', await q.qsize());
        },
        () => ({
          async worker(q: Q) {
            for (;;) {
              await q.get();
              q.taskDone!();
            }
          },
        }),
        { pipeLinks: links },
      );
      expect(run.out('MainProcess')).toBe('joined 0\n');
      expect(run.result.exitCode).toBe(0);
      const done = run.events.filter((e) => e.kind === 'taskDone');
      expect(done).toHaveLength(200);
      expect(run.out('Process-1', 'stderr')).toBe('');
      expect(run.kernel.pipeLinksMade).toBe(links === 'off' ? 0 : 1);
    });

    it('a second consumer ends the link; what the first had not taken goes to others, none twice', async () => {
      const run = await main(
        async ({ mp, print, time }, fns) => {
          const q = new mp.Queue();
          const a = new mp.Process({ target: fns.takeSome, args: [q, 'a'] });
          a.start();
          await q.put(-1);
          await time.sleep(0.1); // a waits for more: it reads by a link now
          for (let i = 0; i < 100; i++) await q.put(i);
          const b = new mp.Process({ target: fns.takeSome, args: [q, 'b'] });
          b.start();
          await a.join();
          await b.join();
          const rest: unknown[] = [];
          for (;;) {
            try {
              rest.push(await q.get({ timeout: 0.1 }));
            } catch {
              break;
            }
          }
          print('main', rest.length);
        },
        ({ print, time }) => ({
          async takeSome(q: Q, who: string) {
            const got: number[] = [];
            for (let i = 0; i < 30; i++) got.push((await q.get()) as number);
            await time.sleep(0.05);
            print(
              who,
              got.length,
              got.every((x, k) => k === 0 || x > got[k - 1]!),
            );
          },
        }),
        { pipeLinks: links },
      );
      expect(run.out('Process-1')).toBe('a 30 true\n');
      expect(run.out('Process-2')).toBe('b 30 true\n');
      expect(run.out('MainProcess')).toBe('main 41\n'); // 101 put, 60 taken by a and b
      const { puts, takes, untaken } = items(run, 'Queue#1');
      expect(puts).toHaveLength(101);
      expect(new Set(takes.map((t) => t.item)).size).toBe(101);
      expect(untaken).toEqual([]);
      expect(run.kernel.pipeLinksMade).toBe(links === 'off' ? 0 : 1); // so the link really was ended
    });
  });
}
