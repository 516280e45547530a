// The modules a program imports (time, os, random, queue, sys, multiprocessing) and the globals of every process.
import type { BuiltinModule } from '../protocol/messages';
import {
  BrokenBarrierError,
  Empty,
  Full,
  NotImplementedError,
  PicklingError,
  ProcessError,
  SystemExit,
  TimeoutError,
  ValueError,
  builtinErrors,
} from './errors';
import { formatArg } from './inspect';
import { makeQueues } from './objects/queues';
import type { ProcessRuntime } from './runtime';

/** Classes of API.md that later versions implement; using one says so instead of failing obscurely. */
function notYet(name: string) {
  const Stub = class {
    constructor() {
      throw new NotImplementedError(
        `${name} is not available in this version of mpplay yet (Process, time, os, random and sys are). ` +
          'It arrives with the queues, locks and Pool work.',
      );
    }
  };
  Object.defineProperty(Stub, 'name', { value: name });
  return Stub;
}

/** Builds every builtin module and the process globals for one runtime. */
export function makeModules(rt: ProcessRuntime) {
  const mp = rt.processModule;
  const queues = makeQueues(rt);
  const nowMs = () => performance.timeOrigin + performance.now();
  const programSeconds = () => ((nowMs() - rt.clockOrigin) * rt.speed) / 1000;

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
    time: (): number => (rt.clockOrigin + (nowMs() - rt.clockOrigin) * rt.speed) / 1000,
    /** @py time.perf_counter */
    perfCounter: programSeconds,
    /** @py time.monotonic */
    monotonic: programSeconds,
  };

  const os = {
    /** @py os.getpid */
    getpid: (): number => rt.pid,
    /** @py os.getppid */
    getppid: (): number => rt.ppid,
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
    Pipe: () => new (notYet('Pipe'))(),
    Lock: notYet('Lock'),
    RLock: notYet('RLock'),
    Semaphore: notYet('Semaphore'),
    BoundedSemaphore: notYet('BoundedSemaphore'),
    Event: notYet('Event'),
    Condition: notYet('Condition'),
    Barrier: notYet('Barrier'),
    Value: () => new (notYet('Value'))(),
    Array: () => new (notYet('Array'))(),
    Pool: notYet('Pool'),
    AsyncResult: notYet('AsyncResult'),
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
    __name__: rt.isMain ? '__main__' : '__mp_main__',
    ...builtinErrors,
  };
  const consoleOverrides = { log: stdout, info: stdout, debug: stdout, error: stderr, warn: stderr };

  return { modules, globals, consoleOverrides };
}
