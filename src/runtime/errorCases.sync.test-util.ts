// The calls of API.md that can raise, part 2 (locks and semaphores, Condition and Barrier, shared memory, Pool,
// time, random, range, sys): rows errorsAtCall.test.ts checks, as in errorCases.test-util.ts.
import type { Case } from './errorCases.test-util';

export const SYNC_AND_POOL_CASES: Case[] = [
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
