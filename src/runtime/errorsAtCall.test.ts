// Every call of API.md that can raise, raised where CPython raises it: at the call, with the same class and
// message, caught by try/catch around the (awaited) call. docs/COMPATIBILITY.md's table lists these cases.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Ctx, runMain } from '../testkit/inProcess';

/**
 * One row: the call as a program writes it, what it raises (`Class: message`, a trailing `…` matches a prefix),
 * and how it reaches the caller: `throws` synchronously, or its promise `rejects` (caught by `await`).
 */
interface Case {
  call: string;
  raises: string;
  how: 'throws' | 'rejects';
  /** What the call needs first (awaited before it), and what to clean up after it. */
  setup?: (ctx: Ctx, fns: Fns) => Promise<Fns>;
  after?: (s: Fns) => unknown;
  /** The call alone. */
  run: (ctx: Ctx, fns: Fns, s: Fns) => unknown;
  /** The call is made in a child, which sends back how it failed (see `attempt`): `run` resolves with that. */
  inChild?: true;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fns = Record<string, any>;

const CASES: Case[] = [
  // Process (P08, P09, P11, L01, L02, L05, L09, L15, D01, X01)
  {
    call: 'new Process({ group: 1 })',
    raises: 'AssertionError: group argument must be None for now',
    how: 'throws',
    run: ({ mp }) => new mp.Process({ group: 1 }),
  },
  {
    call: 'new Process({ target, args: 1 })',
    raises: "TypeError: 'number' object is not iterable",
    how: 'throws',
    run: ({ mp }, { noop }) => new mp.Process({ target: noop, args: 1 }),
  },
  {
    call: 'p.name = 3',
    raises: 'AssertionError: name must be a string',
    how: 'throws',
    run: ({ mp }) => ((new mp.Process() as { name: unknown }).name = 3),
  },
  {
    call: 'p.start() a second time',
    raises: 'AssertionError: cannot start a process twice',
    how: 'throws',
    setup: async ({ mp }, { noop }) => {
      const p = new mp.Process({ target: noop });
      p.start();
      await p.join();
      return { p };
    },
    run: (_c, _f, { p }) => p.start(),
  },
  {
    call: 'p.start() with a closure as target',
    raises: "PicklingError: Can't pickle <function inner>: it's not found as __main__.inner…",
    how: 'throws',
    run: ({ mp }) => new mp.Process({ target: function inner() {} }).start(),
  },
  {
    call: 'p.start() in a daemonic process',
    raises: 'AssertionError: daemonic processes are not allowed to have children',
    how: 'throws',
    inChild: true,
    run: async ({ mp }, { inDaemon }) => {
      const q = new mp.Queue();
      const p = new mp.Process({ target: inDaemon, args: [q], daemon: true });
      p.start();
      return q.get();
    },
  },
  {
    call: 'p.start() while a child evaluates the module (no main guard)',
    raises: 'RuntimeError: …An attempt has been made to start a new process before the…',
    how: 'throws',
    inChild: true,
    run: async ({ mp }, { reportImportError }) => {
      const q = new mp.Queue();
      const p = new mp.Process({ target: reportImportError, args: [q] });
      p.start();
      return q.get();
    },
  },
  {
    call: 'await p.join() before start()',
    raises: 'AssertionError: can only join a started process',
    how: 'rejects',
    run: ({ mp }) => new mp.Process().join(),
  },
  {
    call: 'await currentProcess().join()',
    raises: 'AssertionError: can only join a child process',
    how: 'rejects',
    run: ({ mp }) => mp.currentProcess().join(),
  },
  {
    call: 'p.daemon = true after start()',
    raises: 'AssertionError: process has already started',
    how: 'throws',
    setup: async ({ mp }, { noop }) => {
      const p = new mp.Process({ target: noop });
      p.start();
      await p.join();
      return { p };
    },
    run: (_c, _f, { p }) => (p.daemon = true),
  },
  {
    call: 'p.close() while it runs',
    raises:
      'ValueError: Cannot close a process while it is still running. You should first call join() or terminate().',
    how: 'throws',
    setup: async ({ mp }, { nap }) => {
      const p = new mp.Process({ target: nap });
      p.start();
      return { p };
    },
    run: (_c, _f, { p }) => p.close(),
    after: ({ p }) => p.join(),
  },
  {
    call: 'p.pid after p.close()',
    raises: 'ValueError: process object is closed',
    how: 'throws',
    setup: async ({ mp }, { noop }) => {
      const p = new mp.Process({ target: noop });
      p.start();
      await p.join();
      p.close();
      return { p };
    },
    run: (_c, _f, { p }) => p.pid,
  },
  {
    call: 'p.terminate() before start()',
    raises: "AttributeError: 'NoneType' object has no attribute 'terminate'…",
    how: 'throws',
    run: ({ mp }) => new mp.Process().terminate(),
  },
  // Queues (Q01, Q02, Q10, S02, J01)
  {
    call: 'await q.get({ block: false }) on an empty Queue',
    raises: 'Empty',
    how: 'rejects',
    run: ({ mp }) => new mp.Queue().get({ block: false }),
  },
  {
    call: 'await q.get({ timeout: 0.1 }) on an empty Queue',
    raises: 'Empty',
    how: 'rejects',
    run: ({ mp }) => new mp.Queue().get({ timeout: 0.1 }),
  },
  {
    call: 'await q.put(x, { block: false }) on a full Queue',
    raises: 'Full',
    how: 'rejects',
    run: async ({ mp }) => {
      const q = new mp.Queue(1);
      await q.put(1);
      await q.put(2, { block: false });
    },
  },
  {
    call: 'await q.put(x) after q.close()',
    raises: 'ValueError: Queue <multiprocessing.queues.Queue object …> is closed',
    how: 'rejects',
    run: async ({ mp }) => {
      const q = new mp.Queue();
      q.close();
      await q.put(1);
    },
  },
  {
    call: 'await sq.get() after sq.close() (SimpleQueue)',
    raises: 'OSError: handle is closed',
    how: 'rejects',
    run: async ({ mp }) => {
      const q = new mp.SimpleQueue();
      q.close();
      await q.get();
    },
  },
  {
    call: 'await q.taskDone() once too often (JoinableQueue)',
    raises: 'ValueError: task_done() called too many times',
    how: 'rejects',
    run: ({ mp }) => new mp.JoinableQueue().taskDone(),
  },
  // Pipes (C06–C09)
  {
    call: 'await a.recv() once the other end is closed',
    raises: 'EOFError',
    how: 'rejects',
    run: async ({ mp }) => {
      const [a, b] = mp.Pipe();
      b.close();
      await a.recv();
    },
  },
  {
    call: 'a.send(x) after a.close()',
    raises: 'OSError: handle is closed',
    how: 'throws',
    run: ({ mp }) => {
      const [a] = mp.Pipe();
      a.close();
      a.send(1);
    },
  },
  {
    call: 'r.send(x) on the receiving end of Pipe(false)',
    raises: 'OSError: connection is read-only',
    how: 'throws',
    run: ({ mp }) => mp.Pipe(false)[0].send(1),
  },
  {
    call: 'await w.recv() on the sending end of Pipe(false)',
    raises: 'OSError: connection is write-only',
    how: 'rejects',
    run: ({ mp }) => mp.Pipe(false)[1].recv(),
  },
  {
    call: 'a.send(() => 1)',
    raises: "PicklingError: Can't pickle <function <lambda>>…",
    how: 'throws',
    run: ({ mp }) => mp.Pipe()[0].send(() => 1),
  },
  // Locks and semaphores (K02, R02, M02, M04)
  {
    call: 'await lock.release() when it is not held',
    raises: 'ValueError: semaphore or lock released too many times',
    how: 'rejects',
    run: ({ mp }) => new mp.Lock().release(),
  },
  {
    call: 'rlock.release() when this process does not hold it',
    raises: 'AssertionError: attempt to release recursive lock not owned by thread',
    how: 'throws',
    run: ({ mp }) => new mp.RLock().release(),
  },
  {
    call: 'await bs.release() above its initial value (BoundedSemaphore)',
    raises: 'ValueError: semaphore or lock released too many times',
    how: 'rejects',
    run: ({ mp }) => new mp.BoundedSemaphore(1).release(),
  },
  {
    call: 'new Semaphore(-1)',
    raises: 'ValueError: semaphore initial value must be >= 0',
    how: 'throws',
    run: ({ mp }) => new mp.Semaphore(-1),
  },
  // Condition and Barrier (N01, B04, B05)
  {
    call: 'await cond.wait() without holding its lock',
    raises: 'AssertionError: must acquire() condition before using wait()',
    how: 'rejects',
    run: ({ mp }) => new mp.Condition().wait(),
  },
  {
    call: 'cond.notify() without holding its lock',
    raises: 'AssertionError: lock is not owned',
    how: 'throws',
    run: ({ mp }) => new mp.Condition().notify(),
  },
  {
    call: 'new Barrier(0)',
    raises: 'ValueError: parties must be >= 1',
    how: 'throws',
    run: ({ mp }) => new mp.Barrier(0),
  },
  {
    call: 'await barrier.wait(0.1) when the others do not come',
    raises: 'BrokenBarrierError',
    how: 'rejects',
    run: ({ mp }) => new mp.Barrier(2).wait(0.1),
  },
  {
    call: 'await barrier.wait() after barrier.abort()',
    raises: 'BrokenBarrierError',
    how: 'rejects',
    run: async ({ mp }) => {
      const b = new mp.Barrier(2);
      b.abort();
      await b.wait();
    },
  },
  // Shared memory (V03–V05, V09)
  {
    call: "new Value('z', 0)",
    raises: 'TypeError: this type has no size',
    how: 'throws',
    run: ({ mp }) => new mp.Value('z', 0),
  },
  {
    call: "new Value('i', 1.5)",
    raises: "TypeError: 'float' object cannot be interpreted as an integer",
    how: 'throws',
    run: ({ mp }) => new mp.Value('i', 1.5),
  },
  {
    call: "arr[5] on Array('i', 3)",
    raises: 'IndexError: invalid index',
    how: 'throws',
    run: ({ mp }) => new mp.Array('i', 3)[5],
  },
  {
    call: "arr.assign([1, 2], 0, 3) on Array('i', 3)",
    raises: 'ValueError: Can only assign sequence of same size',
    how: 'throws',
    run: ({ mp }) => new mp.Array('i', 3).assign([1, 2], 0, 3),
  },
  {
    call: "new Value('i', 5, { lock: 'navalue' })",
    raises: "AttributeError: 'navalue' has no method 'acquire'",
    how: 'throws',
    run: ({ mp }) => new mp.Value('i', 5, { lock: 'navalue' }),
  },
  // Pool (O01, O07–O09, O16, O17)
  {
    call: 'new Pool(0)',
    raises: 'ValueError: Number of processes must be at least 1',
    how: 'throws',
    run: ({ mp }) => new mp.Pool(0),
  },
  {
    call: 'pool.applyAsync(f) after pool.close()',
    raises: 'ValueError: Pool not running',
    how: 'throws',
    setup: async ({ mp }) => {
      const pool = new mp.Pool(1);
      pool.close();
      return { pool };
    },
    run: (_c, { noop }, { pool }) => pool.applyAsync(noop),
    after: ({ pool }) => pool.join(),
  },
  {
    call: 'await pool.map(f, xs) after pool.terminate()',
    raises: 'ValueError: Pool not running',
    how: 'rejects',
    setup: async ({ mp }) => {
      const pool = new mp.Pool(1);
      pool.terminate();
      return { pool };
    },
    run: (_c, { noop }, { pool }) => pool.map(noop, [1]),
    after: ({ pool }) => pool.join(),
  },
  {
    call: 'await pool.join() before close()',
    raises: 'ValueError: Pool is still running',
    how: 'rejects',
    setup: async ({ mp }) => ({ pool: new mp.Pool(1) }),
    run: (_c, _f, { pool }) => pool.join(),
    after: ({ pool }) => pool.terminate(),
  },
  {
    call: 'await result.get(0.1) before the result is ready',
    raises: 'TimeoutError',
    how: 'rejects',
    setup: async ({ mp }, { nap }) => {
      const pool = new mp.Pool(1);
      return { pool, r: pool.applyAsync(nap) };
    },
    run: (_c, _f, { r }) => r.get(0.1),
    after: ({ pool }) => pool.terminate(),
  },
  {
    call: 'result.successful() before the result is ready',
    raises: 'ValueError: <multiprocessing.pool.ApplyResult object …> not ready',
    how: 'throws',
    setup: async ({ mp }, { nap }) => {
      const pool = new mp.Pool(1);
      return { pool, r: pool.applyAsync(nap) };
    },
    run: (_c, _f, { r }) => r.successful(),
    after: ({ pool }) => pool.terminate(),
  },
  {
    call: 'pool.imap(f, xs, 0)',
    raises: 'ValueError: Chunksize must be 1+, not 0',
    how: 'throws',
    setup: async ({ mp }) => ({ pool: new mp.Pool(1) }),
    run: (_c, { noop }, { pool }) => pool.imap(noop, [1], 0),
    after: ({ pool }) => pool.terminate(),
  },
  // time, random, range, sys
  {
    call: 'await time.sleep(-1)',
    raises: 'ValueError: sleep length must be non-negative',
    how: 'rejects',
    run: ({ time }) => time.sleep(-1),
  },
  {
    call: 'random.randint(3, 1)',
    raises: 'ValueError: empty range in randrange(3, 2)',
    how: 'throws',
    run: ({ random }) => random.randint(3, 1),
  },
  {
    call: 'random.choice([])',
    raises: 'IndexError: Cannot choose from an empty sequence',
    how: 'throws',
    run: ({ random }) => random.choice([]),
  },
  {
    call: 'range(0, 5, 0)',
    raises: 'ValueError: range() arg 3 must not be zero',
    how: 'throws',
    run: ({ rt }) => rt.globals.range(0, 5, 0),
  },
  {
    call: 'sys.exit(3)',
    raises: 'SystemExit: 3',
    how: 'throws',
    run: ({ sys }) => sys.exit(3),
  },
];

const text = (e: unknown) => {
  const err = e as Error;
  return err.message ? `${err.name}: ${err.message}` : err.name;
};

/** Where and how `c.run` fails: `throws Class: message`, `rejects Class: message`, or `no error`. */
async function attempt(c: Case, ctx: Ctx, fns: Fns): Promise<string> {
  const s = (await c.setup?.(ctx, fns)) ?? {};
  try {
    if (c.inChild) return (await c.run(ctx, fns, s)) as string;
    let result: unknown;
    try {
      result = c.run(ctx, fns, s);
    } catch (e) {
      return `throws ${text(e)}`;
    }
    try {
      await result;
    } catch (e) {
      return `rejects ${text(e)}`;
    }
    return 'no error';
  } finally {
    await c.after?.(s);
  }
}

/** `want` with each `…` standing for any text. */
const matches = (got: string, want: string) => {
  const parts = want.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's').test(got);
};

describe('every call of API.md that can raise', () => {
  it('raises at the call, with CPython’s class and message, caught by try/catch around it', async () => {
    const got: string[] = [];
    const run = await runMain(
      async (ctx, fns) => {
        for (const c of CASES) got.push(await attempt(c, ctx, fns));
      },
      (ctx) => {
        // Module level: in a child this runs while it evaluates the module, as an unguarded start() would.
        let importError = 'no error';
        if (ctx.__name__ === '__mp_main__') {
          try {
            new ctx.mp.Process().start();
          } catch (e) {
            importError = `throws ${text(e)}`;
          }
        }
        return {
          noop: function noop() {},
          nap: async function nap() {
            await ctx.time.sleep(5);
          },
          inDaemon: async function inDaemon(q: { put(x: unknown): Promise<void> }) {
            try {
              new ctx.mp.Process({ target: inDaemon }).start();
              await q.put('no error');
            } catch (e) {
              await q.put(`throws ${text(e)}`);
            }
          },
          reportImportError: async function reportImportError(q: { put(x: unknown): Promise<void> }) {
            await q.put(importError);
          },
        };
      },
    );
    expect(run.out('MainProcess', 'stderr')).toBe('');
    const report = CASES.map((c, i) => {
      const want = `${c.how} ${c.raises}`;
      return matches(got[i] ?? '', want) ? `ok   ${c.call}` : `FAIL ${c.call}: got ${got[i]}, want ${want}`;
    });
    expect(report).toEqual(CASES.map((c) => `ok   ${c.call}`));
  });

  it('docs/COMPATIBILITY.md lists exactly these calls, each with its error and where it is raised', () => {
    const doc = readFileSync(new URL('../../docs/COMPATIBILITY.md', import.meta.url), 'utf8');
    const start = doc.indexOf('## Errors at the call');
    const end = doc.indexOf('\n## ', start + 1);
    const section = doc.slice(start, end < 0 ? undefined : end);
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split('|').map((cell) => cell.trim()));
    const unquote = (cell: string) => cell.replace(/^`|`$/g, '');
    const listed = rows.map((r) => [unquote(r[1]!), unquote(r[3]!), r[4]!.split(' ')[0]]);
    const want = CASES.map((c) => [c.call, c.raises, c.how === 'throws' ? 'thrown' : 'rejects']);
    expect(listed).toEqual(want);
  });
});
