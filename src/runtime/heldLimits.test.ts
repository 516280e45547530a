// The run's cap on held bytes covers what passes through the kernel besides queue items (issue 14.6): a Pool's
// tasks and results, and Pipe messages sent through the kernel. Each past it ends the offending call with
// MemoryError; the output before it is kept, and what the cap frees lets the program go on.
import { describe, expect, it } from 'vitest';
import { errorText, runMain as main } from '../testkit/inProcess';

const MEMORY = "MemoryError: the queues, pipes and pools of this run would hold more than 39.1 KB (mpplay's cap)";
const CAP = 40_000;

type PoolLike = {
  map(fn: unknown, items: unknown[]): Promise<unknown[]>;
  applyAsync(fn: unknown, args: unknown[]): { get(): Promise<unknown> };
  close(): void;
  join(): Promise<void>;
};

describe("a Pool's tasks and results count against maxHeldBytes", () => {
  it('a map whose tasks would pass the cap raises MemoryError at the call; smaller maps before and after run', async () => {
    const run = await main(
      async ({ mp, print }, { size }) => {
        const pool = new mp.Pool(2) as unknown as PoolLike;
        print('small', (await pool.map(size, ['a', 'bb'])).join(','));
        // 30 strings of 2,000 chars: ~60 KB of tasks, more than the 40 KB cap.
        const big = Array.from({ length: 30 }, () => 'x'.repeat(2_000));
        print(await errorText(() => pool.map(size, big)));
        print('after', (await pool.map(size, big.slice(0, 5))).join(','));
        pool.close();
        await pool.join();
      },
      () => ({ size: (s: string) => s.length }),
      { maxHeldBytes: CAP },
    );
    const lines = run.out('MainProcess').split('\n');
    expect(lines[0]).toBe('small 1,2');
    expect(lines[1]!.startsWith(MEMORY.split(' 0 MB')[0]!)).toBe(true);
    expect(lines[1]).toContain('or a pool finish its tasks');
    expect(lines[2]).toBe('after 2000,2000,2000,2000,2000');
    expect(run.result.exitCode).toBe(0);
  });

  it('a result too big for the cap raises MemoryError at get(); the worker and the pool go on', async () => {
    const run = await main(
      async ({ mp, print }, { blob }) => {
        const pool = new mp.Pool(1) as unknown as PoolLike;
        print('before');
        const r = pool.applyAsync(blob, [30_000]); // 60 KB as a string: more than the cap
        print(await errorText(() => r.get()));
        print('small', String(((await pool.applyAsync(blob, [10]).get()) as string).length));
        pool.close();
        await pool.join();
      },
      () => ({ blob: (n: number) => 'y'.repeat(n) }),
      { maxHeldBytes: CAP },
    );
    const lines = run.out('MainProcess').split('\n');
    expect(lines[0]).toBe('before');
    expect(lines[1]!.startsWith('MemoryError: the queues, pipes and pools of this run would hold more than')).toBe(
      true,
    );
    expect(lines[2]).toBe('small 10');
    expect(run.out('SpawnPoolWorker-1')).toBe('');
    expect(run.result.exitCode).toBe(0);
  });

  it('results kept for get() hold room until their owner is gone; tasks run and taken free theirs', async () => {
    const run = await main(
      async ({ mp, print }, { blob }) => {
        const pool = new mp.Pool(1) as unknown as PoolLike;
        // 8 results of ~8 KB each fit under 40 KB one by one, but not all kept at once.
        const outs: string[] = [];
        for (let i = 0; i < 8; i++) outs.push(await errorText(() => pool.applyAsync(blob, [4_000]).get()));
        print(outs.map((o) => (o === 'no error' ? 'ok' : o.split(':')[0])).join(','));
        // Tasks free their room once run: far more than the cap passes through a map over time.
        let total = 0;
        for (let i = 0; i < 10; i++) total += (await pool.map(blob, [3_000, 3_000])).length;
        print('mapped', total);
        pool.close();
        await pool.join();
      },
      () => ({ blob: (n: number) => 'z'.repeat(n) }),
      { maxHeldBytes: CAP },
    );
    const [kept, mapped] = run.out('MainProcess').split('\n');
    expect(kept!.split(',').slice(0, 4)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(kept).toContain('MemoryError');
    expect(mapped).toBe('mapped 20');
  });
});

describe('Pipe messages through the kernel count against maxHeldBytes', () => {
  it('send() past the cap raises MemoryError at the call, and the output before it is kept', async () => {
    const run = await main(
      async ({ mp, print }) => {
        const [a, b] = mp.Pipe();
        print('before the loop');
        let n = 0;
        const msg = 'm'.repeat(500);
        print(
          await errorText(() => {
            for (;;) {
              a.send(msg);
              n++;
            }
          }),
        );
        print('sent', n > 10 && n * 1016 <= CAP);
        print('got', ((await b.recv()) as string).length);
      },
      () => ({}),
      { maxHeldBytes: CAP, pipeLinks: 'off' },
    );
    const lines = run.out('MainProcess').split('\n');
    expect(lines[0]).toBe('before the loop');
    expect(lines[1]!.startsWith('MemoryError: the queues, pipes and pools of this run would hold more than')).toBe(
      true,
    );
    expect(lines.slice(2)).toEqual(['sent true', 'got 500', '']);
  });

  // Issue 14 leftover: send() cannot wait to ask the kernel, so before, a writer refused once kept its stale count
  // and its next send() after a reader freed room raised MemoryError again (CPython's pipe would block instead).
  it('after recv() frees room, the next send() fits at once, and only as much as was freed', async () => {
    const run = await main(
      async ({ mp, print }) => {
        const [a, b] = mp.Pipe();
        const msg = 'm'.repeat(500);
        print(
          (
            await errorText(() => {
              for (;;) a.send(msg);
            })
          ).split(':')[0],
        );
        print('got', ((await b.recv()) as string).length);
        print('send after recv:', await errorText(() => a.send(msg)));
        print('one more:', (await errorText(() => a.send(msg))).split(':')[0]);
      },
      () => ({}),
      { maxHeldBytes: CAP, pipeLinks: 'off' },
    );
    expect(run.out('MainProcess').split('\n')).toEqual([
      'MemoryError',
      'got 500',
      'send after recv: no error',
      'one more: MemoryError',
      '',
    ]);
    expect(run.result.exitCode).toBe(0);
  });

  it('after another process recv()s, the writer sends as many as it took, then is refused again', async () => {
    type Conn = { send(v: unknown): void; recv(): Promise<unknown> };
    const run = await main(
      async ({ mp, print }, { reader }) => {
        const [a, b] = mp.Pipe() as [Conn, Conn];
        const msg = 'm'.repeat(500);
        print(
          (
            await errorText(() => {
              for (;;) a.send(msg);
            })
          ).split(':')[0],
        );
        const p = new mp.Process({ target: reader, args: [b, 3] });
        p.start();
        await p.join();
        const three = await errorText(() => {
          for (let i = 0; i < 3; i++) a.send(msg);
        });
        print('three after the reader took three:', three);
        print('a fourth:', (await errorText(() => a.send(msg))).split(':')[0]);
      },
      ({ print }) => ({
        reader: async (b: Conn, n: number) => {
          for (let i = 0; i < n; i++) await b.recv();
          print('took', n);
        },
      }),
      { maxHeldBytes: CAP, pipeLinks: 'off' },
    );
    expect(run.out('Process-1')).toBe('took 3\n');
    expect(run.out('MainProcess').split('\n')).toEqual([
      'MemoryError',
      'three after the reader took three: no error',
      'a fourth: MemoryError',
      '',
    ]);
    expect(run.result.exitCode).toBe(0);
  });
});
