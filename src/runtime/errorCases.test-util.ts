// The calls of API.md that can raise, part 1 (Process, queues, pipes): the rows errorsAtCall.test.ts checks, each
// with what CPython raises there. Part 2 (locks, Condition, Barrier, shared memory, Pool, time…): errorCases.sync.
import type { Ctx } from '../testkit/inProcess';

/**
 * One row: the call as a program writes it, what it raises (`Class: message`, a trailing `…` matches a prefix),
 * and how it reaches the caller: `throws` synchronously, or its promise `rejects` (caught by `await`).
 */
export interface Case {
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
export type Fns = Record<string, any>;

export const PROCESS_AND_QUEUE_CASES: Case[] = [
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
];
