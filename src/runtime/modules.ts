// The modules a program imports (time, os, random, queue, sys, multiprocessing) and the globals of every process.
import type { BuiltinModule } from '../protocol/messages';
import {
  AssertionError,
  BrokenBarrierError,
  Empty,
  Full,
  PicklingError,
  ProcessError,
  SystemExit,
  TimeoutError,
  ValueError,
  builtinErrors,
} from './errors';
import { formatArg } from './inspect';
import { makeLocks } from './objects/locks';
import { makePipes } from './objects/pipe';
import { makePool } from './objects/pool';
import { makeQueues } from './objects/queues';
import { makeShared } from './objects/shared';
import { makeSync } from './objects/sync';
import type { ProcessRuntime } from './runtime';

/** Builds every builtin module and the process globals for one runtime. */
export function makeModules(rt: ProcessRuntime) {
  const mp = rt.processModule;
  const queues = makeQueues(rt);
  const locks = makeLocks(rt);
  const sync = makeSync(rt);
  const pipes = makePipes(rt);
  const shared = makeShared(rt, locks);
  const pool = makePool(rt, mp);
  const programSeconds = () => rt.programSeconds();

  const time = {
    /** @py time.sleep */
    sleep: async (seconds: number): Promise<void> => {
      if (typeof seconds !== 'number' || Number.isNaN(seconds)) {
        throw new TypeError(`sleep() needs a number of seconds, not ${typeof seconds}`);
      }
      if (seconds < 0) throw new ValueError('sleep length must be non-negative');
      await rt.call({ op: 'sleep', seconds });
    },
    /** @py time.time — epoch seconds, advancing at the run's speed. */
    time: (): number => rt.clockOrigin / 1000 + rt.programSeconds(),
    /** @py time.perf_counter */
    perfCounter: programSeconds,
    /** @py time.monotonic */
    monotonic: programSeconds,
  };

  const os = {
    /** @py os.getpid */
    getpid: (): number => rt.pid,
    /** @py os.getppid */
    getppid: (): number => rt.currentPpid(),
    /** @py os.cpu_count */
    cpuCount: (): number => rt.cpuCount,
  };

  const random = {
    random: () => rt.random.random(),
    randint: (a: number, b: number) => rt.random.randint(a, b),
    uniform: (a: number, b: number) => rt.random.uniform(a, b),
    choice: <T>(xs: ArrayLike<T>) => rt.random.choice(xs),
    seed: (n: number | string) => rt.random.seed(`${rt.seed}:${String(n)}`),
  };

  const sys = {
    /** @py sys.exit */
    exit: (code?: unknown): never => {
      throw new SystemExit(code);
    },
    argv: [...rt.argv],
  };

  const queue = { Empty, Full };

  const multiprocessing = {
    Process: mp.Process,
    currentProcess: mp.currentProcess,
    parentProcess: mp.parentProcess,
    activeChildren: mp.activeChildren,
    cpuCount: mp.cpuCount,
    TimeoutError,
    ProcessError,
    PicklingError,
    BrokenBarrierError,
    Queue: queues.Queue,
    SimpleQueue: queues.SimpleQueue,
    JoinableQueue: queues.JoinableQueue,
    Pipe: pipes.Pipe,
    Lock: locks.Lock,
    RLock: locks.RLock,
    Semaphore: locks.Semaphore,
    BoundedSemaphore: locks.BoundedSemaphore,
    Event: sync.Event,
    Condition: locks.Condition,
    Barrier: sync.Barrier,
    Value: shared.Value,
    Array: shared.Array,
    Pool: pool.Pool,
    AsyncResult: pool.AsyncResult,
  };

  const modules: Record<BuiltinModule, Record<string, unknown>> = { multiprocessing, time, os, random, queue, sys };

  const write =
    (stream: 'stdout' | 'stderr') =>
    (...values: unknown[]) =>
      rt.write(stream, values.map(formatArg).join(' ') + '\n');
  const stdout = write('stdout');
  const stderr = write('stderr');

  const globals = {
    /** @py print — space-separated, newline-terminated. */
    print: stdout,
    /** @py range */
    range: (a: number, b?: number, step = 1): number[] => {
      const [start, stop] = b === undefined ? [0, a] : [a, b];
      if (step === 0) throw new ValueError('range() arg 3 must not be zero');
      const out: number[] = [];
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
      return out;
    },
    /** @py assert — `assert condition, message`: raises AssertionError when the condition is false. */
    assert: (condition: unknown, message?: unknown): void => {
      if (condition) return;
      throw new AssertionError(message === undefined ? '' : String(message));
    },
    __name__: rt.isMain ? '__main__' : '__mp_main__',
    /** Called by lowered `using` declarations (see compile/using.ts). */
    __mp_dispose: (value: unknown, isAsync: boolean): unknown => {
      if (value === null || value === undefined) return undefined;
      const v = value as { [Symbol.asyncDispose]?: () => unknown; [Symbol.dispose]?: () => unknown };
      const f = (isAsync ? v[Symbol.asyncDispose] : undefined) ?? v[Symbol.dispose];
      if (typeof f !== 'function') throw new TypeError('the value of a `using` declaration is not disposable');
      return f.call(value);
    },
    ...builtinErrors,
  };
  const consoleOverrides = { log: stdout, info: stdout, debug: stdout, error: stderr, warn: stderr };

  return { modules, globals, consoleOverrides };
}
