// The API a user's program sees: Python's multiprocessing, time, os, random, queue and sys, in TypeScript (docs/API.md).
// Monaco loads this file for completion and hover; `src/examples/programs` typechecks against it. Each symbol's doc
// names its Python original with `@py`, so the compatibility table can be generated from this file.
/// <reference lib="esnext.disposable" />

// ---------------------------------------------------------------------------------------------- globals

/**
 * Prints the values to this process's stdout, separated by spaces and ended by a newline, like Python's
 * `print`. Each value is formatted as `console.log` would: `true`, `null`, `[ 1, 2 ]`.
 * @py print
 */
declare function print(...values: unknown[]): void;

/**
 * The numbers `0, 1, …, stop - 1`, as an array, like Python's `range(stop)`.
 * @py range
 */
declare function range(stop: number): number[];
/**
 * The numbers from `start` up to (not including) `stop`, counting by `step` (which may be negative),
 * as an array, like Python's `range(start, stop, step)`.
 * @py range
 */
declare function range(start: number, stop: number, step?: number): number[];

/**
 * Python's `assert condition, message`: raises `AssertionError(message)` when `condition` is false. A failed
 * assertion that nobody catches is what `mpplay explore --until assert` looks for.
 * @py assert
 */
declare function assert(condition: unknown, message?: string): asserts condition;

/**
 * The name of the module being run: `"__main__"` in the main process and `"__mp_main__"` in every child,
 * which evaluates the whole file again (spawn semantics). Guard the main program with
 * `if (__name__ === "__main__") { ... }` so that children do not run it.
 * @py __name__
 */
declare const __name__: '__main__' | '__mp_main__';

/** This process's console: `log` and `info` write to its stdout, `error` and `warn` to its stderr. */
interface Console {
  /** Writes the values to this process's stdout, like `print`. */
  log(...data: any[]): void;
  /** Writes the values to this process's stdout. */
  info(...data: any[]): void;
  /** Writes the values to this process's stderr. */
  error(...data: any[]): void;
  /** Writes the values to this process's stderr. */
  warn(...data: any[]): void;
}
/** This process's console: `console.log` prints to its stdout, `console.error` to its stderr. */
declare var console: Console;

/**
 * Raised when an `assert` fails; multiprocessing raises it for misuse, e.g. `cannot start a process twice`
 * or `daemonic processes are not allowed to have children`.
 * @py AssertionError
 */
declare class AssertionError extends Error {}
/**
 * Raised when an argument has the right type but a wrong value, e.g. `task_done() called too many times`
 * or `Pool not running`.
 * @py ValueError
 */
declare class ValueError extends Error {}
/**
 * Raised for errors that fit no other class, e.g. starting a process while the module is still being
 * imported by a child (the missing `__name__` guard).
 * @py RuntimeError
 */
declare class RuntimeError extends Error {}
/**
 * Raised by `Connection.recv()` when the other end of the pipe is closed and nothing is left to read.
 * @py EOFError
 */
declare class EOFError extends Error {}
/**
 * Raised when the system refuses an operation, e.g. using a closed `SimpleQueue` (`handle is closed`).
 * @py OSError
 */
declare class OSError extends Error {}
/**
 * Raised when something is not available here, e.g. a method a subclass was meant to provide.
 * @py NotImplementedError
 */
declare class NotImplementedError extends Error {}

// ---------------------------------------------------------------------------------------------- multiprocessing

/**
 * Process-based parallelism with Python's API: every `Process` is its own worker that evaluates the whole
 * module again (the `spawn` start method), so module-level state is never shared.
 * @py multiprocessing
 */
declare module 'multiprocessing' {
  /** Blocking options of `put`, `get` and `acquire`: wait (`block`, default `true`) at most `timeout` seconds. */
  export interface BlockOptions {
    /** Wait when the call cannot complete at once (default `true`); `false` raises or returns at once. */
    block?: boolean;
    /** The most seconds to wait when blocking; `null` or absent waits for ever. */
    timeout?: number | null;
  }

  /** What `new Process(...)` accepts, as in Python's `Process(target=..., args=..., ...)`. */
  export interface ProcessOptions {
    /**
     * The function the child runs. It must be reachable by name at the module's top level (a function
     * declaration or a top-level `const f = ...`); otherwise `start()` raises `PicklingError`.
     */
    target?: ((...args: any[]) => unknown) | null;
    /** Positional arguments for `target`, copied to the child by structured clone. */
    args?: readonly unknown[];
    /** Keyword arguments: when given, passed to `target` as one extra last argument object. */
    kwargs?: Record<string, unknown>;
    /** The process's name; by default `Process-N`, or `Process-N:M` for a child of `Process-N`. */
    name?: string;
    /** Whether the process is a daemon; by default the creating process's own flag. */
    daemon?: boolean | null;
  }

  /**
   * A process: a separate worker that runs `target(...args)` (or an overridden `run()`) when started.
   * Subclass it and override `run()` for the class style; call `super()` first in the constructor.
   * @py multiprocessing.Process
   */
  export class Process {
    /**
     * Creates a process object; nothing runs until `start()`.
     * @py multiprocessing.Process.__init__
     */
    constructor(options?: ProcessOptions);
    /**
     * The process's name: `MainProcess`, `Process-1`, `Process-1:2` (a child of `Process-1`), or the
     * subclass's name for a subclass, e.g. `MyProcess-1`. Only used for display.
     * @py multiprocessing.Process.name
     */
    name: string;
    /**
     * Whether this is a daemon process: it is terminated when its parent's code ends, and it may not start
     * children of its own. Set it before `start()`.
     * @py multiprocessing.Process.daemon
     */
    daemon: boolean;
    /**
     * The process id: `null` before `start()`, then the child's pid.
     * @py multiprocessing.Process.pid
     */
    readonly pid: number | null;
    /**
     * The same as `pid`.
     * @py multiprocessing.Process.ident
     */
    readonly ident: number | null;
    /**
     * The exit code: `null` while running, `0` when it returned, `1` after an uncaught exception, `n` after
     * `sys.exit(n)`, `-15` after `terminate()` and `-9` after `kill()`. Reading it reaps a finished child.
     * @py multiprocessing.Process.exitcode
     */
    readonly exitCode: number | null;
    /**
     * Starts the process: the child evaluates the module, then runs `run()`. Returns at once, with `pid` set.
     * Raises `AssertionError` when started twice or from a daemon, and `RuntimeError` when called while a
     * child is still evaluating the module (a missing `__name__` guard). When the run already has as many live
     * processes as mpplay allows (512 by default), raises `BlockingIOError: [Errno 11] Resource temporarily
     * unavailable`, as a failing fork does: join some before starting more.
     * @throws {BlockingIOError} `[Errno 11] Resource temporarily unavailable`, past the run's process cap
     * @py multiprocessing.Process.start
     */
    start(): void;
    /**
     * What the process runs; by default calls `target(...args)`. Override it in a subclass.
     * Calling it directly runs it in the current process.
     * @py multiprocessing.Process.run
     */
    run(): void | Promise<void>;
    /**
     * Waits until the process ends, or at most `timeout` seconds (it may still be alive afterwards).
     * Reaps the finished child. Raises `AssertionError` for a process that was never started or is not
     * a child of this one.
     * @py multiprocessing.Process.join
     */
    join(timeout?: number | null): Promise<void>;
    /**
     * Whether the process has started and not yet ended. Reaps a finished child.
     * @py multiprocessing.Process.is_alive
     */
    isAlive(): boolean;
    /**
     * Ends the process at once with SIGTERM (exit code `-15`); no `finally` blocks run, and its own
     * children become orphans that pid 1 adopts.
     * @py multiprocessing.Process.terminate
     */
    terminate(): void;
    /**
     * Ends the process at once with SIGKILL (exit code `-9`).
     * @py multiprocessing.Process.kill
     */
    kill(): void;
    /**
     * Releases the process object. Raises `ValueError` while it is still running; afterwards most members
     * raise `ValueError: process object is closed`.
     * @py multiprocessing.Process.close
     */
    close(): void;
  }

  /**
   * A FIFO queue shared between processes. Items are copied (structured clone) at `put`. Hand it to a child
   * through `args`.
   * @py multiprocessing.Queue
   */
  export class Queue<T = unknown> {
    /**
     * Creates a queue holding at most `maxsize` items (`0`, the default: no limit).
     * @py multiprocessing.Queue
     */
    constructor(maxsize?: number);
    /**
     * Puts an item, waiting for room when the queue is full; raises `queue.Full` when it cannot. Raises
     * `MemoryError` when the run's queues and pipes would hold more than mpplay allows (256 MB by default):
     * let a consumer take items before putting more.
     * @throws {MemoryError} past the run's cap on what queues and pipes hold
     * @py multiprocessing.Queue.put
     */
    put(obj: T, options?: BlockOptions): Promise<void>;
    /**
     * Removes and returns the oldest item, waiting for one; raises `queue.Empty` when none comes in time.
     * @py multiprocessing.Queue.get
     */
    get(options?: BlockOptions): Promise<T>;
    /**
     * Puts an item without waiting; raises `queue.Full` when the queue is full.
     * @py multiprocessing.Queue.put_nowait
     */
    putNowait(obj: T): Promise<void>;
    /**
     * Returns an item without waiting; raises `queue.Empty` when there is none.
     * @py multiprocessing.Queue.get_nowait
     */
    getNowait(): Promise<T>;
    /**
     * The approximate number of items in the queue.
     * @py multiprocessing.Queue.qsize
     */
    qsize(): Promise<number>;
    /**
     * Whether the queue is empty (approximate: another process may put or get at any moment).
     * @py multiprocessing.Queue.empty
     */
    empty(): Promise<boolean>;
    /**
     * Whether the queue is full (approximate).
     * @py multiprocessing.Queue.full
     */
    full(): Promise<boolean>;
    /**
     * Says this process will put no more items; later `put`/`get` here raise `ValueError`.
     * @py multiprocessing.Queue.close
     */
    close(): void;
  }

  /**
   * A simpler unbounded queue: `put`, `get`, `empty` and `close` only.
   * @py multiprocessing.SimpleQueue
   */
  export class SimpleQueue<T = unknown> {
    /**
     * Creates an empty queue.
     * @py multiprocessing.SimpleQueue
     */
    constructor();
    /**
     * Puts an item. Raises `MemoryError` when the run's queues and pipes would hold more than mpplay allows
     * (256 MB by default).
     * @throws {MemoryError} past the run's cap on what queues and pipes hold
     * @py multiprocessing.SimpleQueue.put
     */
    put(obj: T): Promise<void>;
    /**
     * Removes and returns the oldest item, waiting for one.
     * @py multiprocessing.SimpleQueue.get
     */
    get(): Promise<T>;
    /**
     * Whether the queue is empty.
     * @py multiprocessing.SimpleQueue.empty
     */
    empty(): Promise<boolean>;
    /**
     * Closes the queue; using it afterwards raises `OSError: handle is closed`.
     * @py multiprocessing.SimpleQueue.close
     */
    close(): void;
  }

  /**
   * A `Queue` that counts unfinished tasks: every `get()` must be matched by a `taskDone()`, and `join()`
   * waits until all items put have been marked done.
   * @py multiprocessing.JoinableQueue
   */
  export class JoinableQueue<T = unknown> extends Queue<T> {
    /**
     * Creates a joinable queue holding at most `maxsize` items (`0`, the default: no limit).
     * @py multiprocessing.JoinableQueue
     */
    constructor(maxsize?: number);
    /**
     * Marks one item taken by `get()` as processed. Called more times than items were put (counting every
     * process), it fails with `ValueError: task_done() called too many times`, as Python's raises at the call:
     * `try { await q.taskDone(); } catch (e) { … }` catches it. Without `await` it returns at once and waits
     * for nothing (the fast way in a loop); if it fails then, the error ends the process with its traceback.
     * @throws {ValueError} `task_done() called too many times` (the promise rejects)
     * @py multiprocessing.JoinableQueue.task_done
     */
    taskDone(): Promise<void>;
    /**
     * Waits until every item put has been marked done with `taskDone()`.
     * @py multiprocessing.JoinableQueue.join
     */
    join(): Promise<void>;
  }

  /**
   * One end of a pipe, as returned by `Pipe()`.
   * @py multiprocessing.connection.Connection
   */
  export interface Connection<T = unknown> {
    /**
     * Sends an object (copied) to the other end. Raises `MemoryError` when the run's queues and pipes would
     * hold more than mpplay allows (256 MB by default): let the other end recv() before sending more.
     * @throws {MemoryError} past the run's cap on what queues and pipes hold
     * @py multiprocessing.connection.Connection.send
     */
    send(obj: T): void;
    /**
     * Receives the next object, waiting for one; raises `EOFError` when the other end is closed and
     * nothing is left.
     * @py multiprocessing.connection.Connection.recv
     */
    recv(): Promise<T>;
    /**
     * Whether there is something to read, waiting at most `timeout` seconds (`0` by default: do not wait;
     * `null`: wait for ever).
     * @py multiprocessing.connection.Connection.poll
     */
    poll(timeout?: number | null): Promise<boolean>;
    /**
     * Closes this end.
     * @py multiprocessing.connection.Connection.close
     */
    close(): void;
    /**
     * Whether this end is closed.
     * @py multiprocessing.connection.Connection.closed
     */
    readonly closed: boolean;
    /**
     * Whether this end can receive (false for the sending end of a one-way pipe).
     * @py multiprocessing.connection.Connection.readable
     */
    readonly readable: boolean;
    /**
     * Whether this end can send (false for the receiving end of a one-way pipe).
     * @py multiprocessing.connection.Connection.writable
     */
    readonly writable: boolean;
  }

  /**
   * Creates a pipe and returns its two ends. With `duplex` (the default) both ends send and receive;
   * otherwise the first end only receives and the second only sends.
   * @py multiprocessing.Pipe
   */
  export function Pipe<T = unknown>(duplex?: boolean): [Connection<T>, Connection<T>];

  /**
   * What `hold()` returns: `await using _ = await lock.hold();` (Python's `with lock:`) releases when the block
   * ends, without waiting for the release to be confirmed; should it fail, the process ends with the error.
   */
  export type Held = AsyncDisposable & Disposable;

  /**
   * A lock: one holder at a time, which any process may release.
   * @py multiprocessing.Lock
   */
  export class Lock {
    /**
     * Creates an unlocked lock.
     * @py multiprocessing.Lock
     */
    constructor();
    /**
     * Takes the lock, waiting for it; returns `false` when it could not within the options.
     * @py multiprocessing.Lock.acquire
     */
    acquire(options?: BlockOptions): Promise<boolean>;
    /**
     * Takes the lock, waiting for it; returns `false` when it could not within the options.
     * @py multiprocessing.Lock.acquire
     */
    acquire(block: boolean, timeout?: number | null): Promise<boolean>;
    /**
     * Releases the lock (any process may release it, not only the one that took it). Released when it is
     * not held, it fails with `ValueError: semaphore or lock released too many times`, as Python's raises at
     * the call: `try { await lock.release(); } catch (e) { … }` catches it. Without `await` it returns at once
     * and waits for nothing; if it fails then, the error ends the process with its traceback.
     * @throws {ValueError} `semaphore or lock released too many times` (the promise rejects)
     * @py multiprocessing.Lock.release
     */
    release(): Promise<void>;
    /**
     * Takes the lock for an `await using` block: `await using _ = await lock.hold();`.
     * @py multiprocessing.Lock.__enter__
     */
    hold(): Promise<Held>;
  }

  /**
   * A re-entrant lock: the holder may take it again, and must release it as many times.
   * @py multiprocessing.RLock
   */
  export class RLock {
    /**
     * Creates an unlocked re-entrant lock.
     * @py multiprocessing.RLock
     */
    constructor();
    /**
     * Takes the lock (again, if this process holds it); returns `false` when it could not.
     * @py multiprocessing.RLock.acquire
     */
    acquire(options?: BlockOptions): Promise<boolean>;
    /**
     * Takes the lock (again, if this process holds it); returns `false` when it could not.
     * @py multiprocessing.RLock.acquire
     */
    acquire(block: boolean, timeout?: number | null): Promise<boolean>;
    /**
     * Releases one level. When this process does not hold it, throws
     * `AssertionError: attempt to release recursive lock not owned by thread` at once (only the holder may
     * release an RLock, and each process knows what it holds). Otherwise it cannot fail; awaiting is optional.
     * @throws {AssertionError} `attempt to release recursive lock not owned by thread` (thrown at once)
     * @py multiprocessing.RLock.release
     */
    release(): Promise<void>;
    /**
     * Takes the lock for an `await using` block.
     * @py multiprocessing.RLock.__enter__
     */
    hold(): Promise<Held>;
  }

  /**
   * A counter of permits: `acquire()` takes one (waiting while there are none), `release()` gives one back.
   * @py multiprocessing.Semaphore
   */
  export class Semaphore {
    /**
     * Creates a semaphore with `value` permits (default 1).
     * @py multiprocessing.Semaphore
     */
    constructor(value?: number);
    /**
     * Takes a permit, waiting for one; returns `false` when it could not.
     * @py multiprocessing.Semaphore.acquire
     */
    acquire(options?: BlockOptions): Promise<boolean>;
    /**
     * Takes a permit, waiting for one; returns `false` when it could not.
     * @py multiprocessing.Semaphore.acquire
     */
    acquire(block: boolean, timeout?: number | null): Promise<boolean>;
    /**
     * Gives a permit back. A plain `Semaphore` has no bound, so this cannot fail and awaiting it is optional;
     * on a `BoundedSemaphore` a permit beyond its initial value fails with
     * `ValueError: semaphore or lock released too many times`, which `try { await s.release(); } catch (e) {…}`
     * catches (without `await`, it ends the process with its traceback).
     * @throws {ValueError} on a `BoundedSemaphore`: `semaphore or lock released too many times` (the promise rejects)
     * @py multiprocessing.Semaphore.release
     */
    release(): Promise<void>;
    /**
     * Takes a permit for an `await using` block.
     * @py multiprocessing.Semaphore.__enter__
     */
    hold(): Promise<Held>;
    /**
     * The number of permits left.
     * @py multiprocessing.Semaphore.get_value
     */
    getValue(): Promise<number>;
  }

  /**
   * A semaphore that refuses to go above its initial value: an extra `release()` fails with `ValueError`
   * (`await` it to catch that error).
   * @py multiprocessing.BoundedSemaphore
   */
  export class BoundedSemaphore extends Semaphore {
    /**
     * Creates a bounded semaphore with `value` permits (default 1).
     * @py multiprocessing.BoundedSemaphore
     */
    constructor(value?: number);
  }

  /**
   * A flag that processes can wait for: `set()` wakes every waiter.
   * @py multiprocessing.Event
   */
  export class Event {
    /**
     * Creates an event whose flag is not set.
     * @py multiprocessing.Event
     */
    constructor();
    /**
     * Sets the flag and wakes every process waiting for it.
     * @py multiprocessing.Event.set
     */
    set(): void;
    /**
     * Clears the flag.
     * @py multiprocessing.Event.clear
     */
    clear(): void;
    /**
     * Whether the flag is set.
     * @py multiprocessing.Event.is_set
     */
    isSet(): boolean;
    /**
     * Waits until the flag is set, at most `timeout` seconds; returns the flag.
     * @py multiprocessing.Event.wait
     */
    wait(timeout?: number | null): Promise<boolean>;
  }

  /**
   * A condition variable: waiters release the lock while they wait and take it back when notified.
   * @py multiprocessing.Condition
   */
  export class Condition {
    /**
     * Creates a condition over `lock` (a new `RLock` by default).
     * @py multiprocessing.Condition
     */
    constructor(lock?: Lock | RLock);
    /**
     * Takes the underlying lock.
     * @py multiprocessing.Condition.acquire
     */
    acquire(options?: BlockOptions): Promise<boolean>;
    /**
     * Takes the underlying lock.
     * @py multiprocessing.Condition.acquire
     */
    acquire(block: boolean, timeout?: number | null): Promise<boolean>;
    /**
     * Releases the underlying lock: as `Lock.release()` or `RLock.release()` does, errors included.
     * @throws {ValueError} a `Lock` not held: `semaphore or lock released too many times` (the promise rejects)
     * @throws {AssertionError} an `RLock` this process does not hold (thrown at once)
     * @py multiprocessing.Condition.release
     */
    release(): Promise<void>;
    /**
     * Takes the underlying lock for an `await using` block.
     * @py multiprocessing.Condition.__enter__
     */
    hold(): Promise<Held>;
    /**
     * Releases the lock, waits to be notified (at most `timeout` seconds), and takes the lock back;
     * returns `false` on timeout.
     * @py multiprocessing.Condition.wait
     */
    wait(timeout?: number | null): Promise<boolean>;
    /**
     * Waits (as `wait()` does) until `predicate()` is truthy, at most `timeout` seconds; returns its last value.
     * @py multiprocessing.Condition.wait_for
     */
    waitFor<T>(predicate: () => T | Promise<T>, timeout?: number | null): Promise<T>;
    /**
     * Wakes up to `n` waiters (default 1).
     * @py multiprocessing.Condition.notify
     */
    notify(n?: number): void;
    /**
     * Wakes every waiter.
     * @py multiprocessing.Condition.notify_all
     */
    notifyAll(): void;
  }

  /**
   * A meeting point for a fixed number of processes: each `wait()` returns once `parties` have arrived.
   * @py multiprocessing.Barrier
   */
  export class Barrier {
    /**
     * Creates a barrier for `parties` processes; `action` runs in one of them when all arrive, and
     * `timeout` is the default for `wait()`.
     * @py multiprocessing.Barrier
     */
    constructor(parties: number, action?: (() => unknown) | null, timeout?: number | null);
    /**
     * Waits until all parties have arrived; returns a different index, 0 to parties − 1, to each.
     * Raises `BrokenBarrierError` when the barrier is broken or the wait times out.
     * @py multiprocessing.Barrier.wait
     */
    wait(timeout?: number | null): Promise<number>;
    /**
     * Breaks the barrier: current and future waiters get `BrokenBarrierError`.
     * @py multiprocessing.Barrier.abort
     */
    abort(): void;
    /**
     * Returns the barrier to its initial state; current waiters get `BrokenBarrierError`.
     * @py multiprocessing.Barrier.reset
     */
    reset(): void;
    /**
     * How many processes must arrive.
     * @py multiprocessing.Barrier.parties
     */
    readonly parties: number;
    /**
     * How many processes are waiting now.
     * @py multiprocessing.Barrier.n_waiting
     */
    readonly nWaiting: number;
    /**
     * Whether the barrier is broken.
     * @py multiprocessing.Barrier.broken
     */
    readonly broken: boolean;
  }

  /** A ctypes type code: `'i'` int, `'l'` long, `'b'` signed char, `'h'` short, `'f'` float, `'d'` double, … */
  export type TypeCode = 'b' | 'B' | 'h' | 'H' | 'i' | 'I' | 'l' | 'L' | 'q' | 'Q' | 'f' | 'd';

  /** Options of `Value` and `Array`: `lock: true` (default) adds a lock, `false` none, or pass your own. */
  export interface SharedOptions {
    /** `true` (default): a new `RLock`; `false`: no lock (`getLock()` unavailable); or a lock to use. */
    lock?: boolean | Lock | RLock;
  }

  /**
   * A number in shared memory, as `Value(...)` returns it: every process that gets it through `args` sees the same
   * `value`. `v.value += 1` is a read then a write that other processes can slip between; guard it with `getLock()`.
   * @py multiprocessing.sharedctypes.Synchronized
   */
  export interface Value {
    /**
     * The current number; reading and writing are each atomic, but `+=` is not.
     * @py multiprocessing.sharedctypes.Synchronized.value
     */
    value: number;
    /**
     * The lock that guards this value: `await using _ = await v.getLock().hold();`. Raises `AttributeError`
     * for a value made with `lock: false`.
     * @py multiprocessing.sharedctypes.Synchronized.get_lock
     */
    getLock(): Lock | RLock;
  }

  /**
   * Creates a number in shared memory (call it as in Python, `Value("i", 0)`, or with `new`). Needs a
   * cross-origin-isolated page of a browser that provides it: elsewhere it fails with an error that says which
   * is missing (the page's isolation, or the browser's SharedArrayBuffer) and what to do.
   * @py multiprocessing.Value
   */
  export const Value: {
    /**
     * A shared number of type `typecode`, initially `init` (default 0).
     * @py multiprocessing.Value
     */
    (typecode: TypeCode, init?: number, options?: SharedOptions): Value;
    /**
     * A shared number of type `typecode`, initially `init` (default 0).
     * @py multiprocessing.Value
     */
    new (typecode: TypeCode, init?: number, options?: SharedOptions): Value;
  };

  /**
   * An array of numbers in shared memory, as `Array(...)` returns it, indexed like a normal array: `arr[0] = 1`.
   * @py multiprocessing.sharedctypes.SynchronizedArray
   */
  export interface Array extends Iterable<number> {
    /**
     * The element at an index (negative indexes count from the end).
     * @py multiprocessing.sharedctypes.SynchronizedArray.__getitem__
     */
    [index: number]: number;
    /**
     * The number of elements.
     * @py multiprocessing.sharedctypes.SynchronizedArray.__len__
     */
    readonly length: number;
    /**
     * The elements from `start` up to (not including) `end`, copied into a plain array: Python's `arr[start:end]`.
     * @py multiprocessing.sharedctypes.SynchronizedArray.__getitem__
     */
    slice(start?: number, end?: number): number[];
    /**
     * Writes `values` over the elements from `start` to `end` (which must span as many): Python's
     * `arr[start:end] = values`.
     * @py multiprocessing.sharedctypes.SynchronizedArray.__setitem__
     */
    assign(values: ArrayLike<number>, start?: number, end?: number): void;
    /**
     * The lock that guards this array.
     * @py multiprocessing.sharedctypes.SynchronizedArray.get_lock
     */
    getLock(): Lock | RLock;
  }

  /**
   * Creates an array of numbers in shared memory (call it as in Python, `Array("i", 10)`, or with `new`). Needs a
   * cross-origin-isolated page of a browser that provides it: elsewhere it fails with an error that says which
   * is missing (the page's isolation, or the browser's SharedArrayBuffer) and what to do.
   * @py multiprocessing.Array
   */
  export const Array: {
    /**
     * A shared array of type `typecode`: `size` zeros, or a copy of the given numbers.
     * @py multiprocessing.Array
     */
    (typecode: TypeCode, sizeOrInit: number | ArrayLike<number>, options?: SharedOptions): Array;
    /**
     * A shared array of type `typecode`: `size` zeros, or a copy of the given numbers.
     * @py multiprocessing.Array
     */
    new (typecode: TypeCode, sizeOrInit: number | ArrayLike<number>, options?: SharedOptions): Array;
  };

  /** Options of `new Pool(...)`. */
  export interface PoolOptions {
    /** Called in each worker when it starts, with `initargs`. */
    initializer?: ((...args: any[]) => unknown) | null;
    /** Arguments for `initializer`. */
    initargs?: readonly unknown[];
    /** Replace a worker after it has run this many tasks (default: never). */
    maxtasksperchild?: number | null;
  }

  /** Callbacks of the `...Async` methods; they run in the process that owns the pool. */
  export interface AsyncOptions<R> {
    /** Called with the result when the task succeeds. */
    callback?: ((result: R) => void) | null;
    /** Called with the exception when the task fails. */
    errorCallback?: ((error: Error) => void) | null;
  }

  /**
   * A pool of worker processes (daemons named `SpawnPoolWorker-N`) that run tasks submitted to it.
   * `await using pool = new Pool(5)` terminates it when the block ends, like Python's `with Pool(5) as pool:`.
   * @py multiprocessing.pool.Pool
   */
  export class Pool implements AsyncDisposable {
    /**
     * Starts `processes` workers (default `cpuCount()`).
     * @py multiprocessing.Pool
     */
    constructor(processes?: number | null, options?: PoolOptions);
    /**
     * Runs `func(...args)` in a worker and waits for its result.
     * @py multiprocessing.pool.Pool.apply
     */
    apply<A extends unknown[], R>(
      func: (...args: A) => R,
      args?: A,
      kwds?: Record<string, unknown>,
    ): Promise<Awaited<R>>;
    /**
     * Submits `func(...args)` and returns at once with an `AsyncResult`.
     * @py multiprocessing.pool.Pool.apply_async
     */
    applyAsync<A extends unknown[], R>(
      func: (...args: A) => R,
      args?: A,
      options?: AsyncOptions<Awaited<R>> & { kwds?: Record<string, unknown> },
    ): AsyncResult<Awaited<R>>;
    /**
     * Applies `func` to every item, in chunks spread over the workers, and returns the results in order.
     * @py multiprocessing.pool.Pool.map
     */
    map<T, R>(func: (item: T) => R, iterable: Iterable<T>, chunksize?: number | null): Promise<Awaited<R>[]>;
    /**
     * Like `map`, but returns at once with an `AsyncResult` of the list.
     * @py multiprocessing.pool.Pool.map_async
     */
    mapAsync<T, R>(
      func: (item: T) => R,
      iterable: Iterable<T>,
      options?: AsyncOptions<Awaited<R>[]> & { chunksize?: number | null },
    ): AsyncResult<Awaited<R>[]>;
    /**
     * Like `map`, but yields the results one by one, in order: `for await (const y of pool.imap(f, xs))`.
     * @py multiprocessing.pool.Pool.imap
     */
    imap<T, R>(func: (item: T) => R, iterable: Iterable<T>, chunksize?: number): AsyncIterable<Awaited<R>>;
    /**
     * Like `imap`, but yields the results in the order they finish.
     * @py multiprocessing.pool.Pool.imap_unordered
     */
    imapUnordered<T, R>(func: (item: T) => R, iterable: Iterable<T>, chunksize?: number): AsyncIterable<Awaited<R>>;
    /**
     * Like `map`, but each item is an argument list: `starmap(f, [[1, 2]])` calls `f(1, 2)`.
     * @py multiprocessing.pool.Pool.starmap
     */
    starmap<A extends unknown[], R>(
      func: (...args: A) => R,
      iterable: Iterable<A>,
      chunksize?: number | null,
    ): Promise<Awaited<R>[]>;
    /**
     * Like `starmap`, but returns at once with an `AsyncResult` of the list.
     * @py multiprocessing.pool.Pool.starmap_async
     */
    starmapAsync<A extends unknown[], R>(
      func: (...args: A) => R,
      iterable: Iterable<A>,
      options?: AsyncOptions<Awaited<R>[]> & { chunksize?: number | null },
    ): AsyncResult<Awaited<R>[]>;
    /**
     * Accepts no more tasks; the workers exit once the queued ones are done. Later submissions raise
     * `ValueError: Pool not running`.
     * @py multiprocessing.pool.Pool.close
     */
    close(): void;
    /**
     * Stops the workers at once; unfinished tasks are lost.
     * @py multiprocessing.pool.Pool.terminate
     */
    terminate(): void;
    /**
     * Waits for the workers to exit; call `close()` or `terminate()` first, or it raises
     * `ValueError: Pool is still running`.
     * @py multiprocessing.pool.Pool.join
     */
    join(): Promise<void>;
    /**
     * Terminates the pool at the end of an `await using` block.
     * @py multiprocessing.pool.Pool.__exit__
     */
    [Symbol.asyncDispose](): Promise<void>;
  }

  /**
   * The pending result of an `applyAsync` or `mapAsync` call.
   * @py multiprocessing.pool.AsyncResult
   */
  export class AsyncResult<T = unknown> {
    private constructor();
    /**
     * Waits for the result, at most `timeout` seconds (`TimeoutError`). A task's exception is raised
     * again here, with the worker's traceback as its `cause`.
     * @py multiprocessing.pool.AsyncResult.get
     */
    get(timeout?: number | null): Promise<T>;
    /**
     * Waits until the result is ready, at most `timeout` seconds.
     * @py multiprocessing.pool.AsyncResult.wait
     */
    wait(timeout?: number | null): Promise<void>;
    /**
     * Whether the task has finished.
     * @py multiprocessing.pool.AsyncResult.ready
     */
    ready(): boolean;
    /**
     * Whether the task finished without an exception; raises `ValueError` when it is not ready.
     * @py multiprocessing.pool.AsyncResult.successful
     */
    successful(): boolean;
  }

  /**
   * The `Process` object of the process running this code (`MainProcess` in the main process).
   * @py multiprocessing.current_process
   */
  export function currentProcess(): Process;
  /**
   * The `Process` object of this process's parent, or `null` in the main process. Its `pid` stays the pid of the
   * process that started this one after that process dies (then `isAlive()` is false), as in CPython.
   * @py multiprocessing.parent_process
   */
  export function parentProcess(): Process | null;
  /**
   * The children of this process that are still alive; as a side effect it reaps the finished ones.
   * @py multiprocessing.active_children
   */
  export function activeChildren(): Process[];
  /**
   * The number of CPUs, the default size of a `Pool`.
   * @py multiprocessing.cpu_count
   */
  export function cpuCount(): number;

  /**
   * The base class of multiprocessing's own errors.
   * @py multiprocessing.ProcessError
   */
  export class ProcessError extends Error {}
  /**
   * Raised when a wait with a timeout runs out, e.g. `AsyncResult.get(timeout)`.
   * @py multiprocessing.TimeoutError
   */
  export class TimeoutError extends ProcessError {}
  /**
   * Raised when something cannot be sent to another process, e.g. a `target` that is not reachable by
   * name at the module's top level (a closure, a method, an inline arrow function).
   * @py pickle.PicklingError
   */
  export class PicklingError extends Error {}
  /**
   * Raised by `Barrier.wait()` when the barrier is broken or reset, or the wait times out.
   * @py threading.BrokenBarrierError
   */
  export class BrokenBarrierError extends RuntimeError {}
}

// ---------------------------------------------------------------------------------------------- time

/**
 * Time in program seconds: the run's speed setting scales every sleep and clock by the same factor.
 * @py time
 */
declare module 'time' {
  /**
   * Pauses this process for `seconds` program-seconds; the process table shows it sleeping.
   * @py time.sleep
   */
  export function sleep(seconds: number): Promise<void>;
  /**
   * The current time in seconds since the epoch, as a float.
   * @py time.time
   */
  export function time(): number;
  /**
   * A high-resolution clock in seconds, for measuring durations.
   * @py time.perf_counter
   */
  export function perfCounter(): number;
  /**
   * A clock in seconds that never goes backwards, for measuring durations.
   * @py time.monotonic
   */
  export function monotonic(): number;
}

// ---------------------------------------------------------------------------------------------- os

/**
 * What the operating system knows about this process.
 * @py os
 */
declare module 'os' {
  /**
   * This process's id (MainProcess is 1000 in mpplay).
   * @py os.getpid
   */
  export function getpid(): number;
  /**
   * The parent's process id, as the kernel sees it now: 1 from the moment the parent dies and init adopts this
   * process (read from shared memory where the page has it, so even a loop that never awaits sees it change).
   * @py os.getppid
   */
  export function getppid(): number;
  /**
   * The number of CPUs.
   * @py os.cpu_count
   */
  export function cpuCount(): number;
}

// ---------------------------------------------------------------------------------------------- random

/**
 * Pseudo-random numbers; each process has its own stream, reproducible from the run's seed.
 * @py random
 */
declare module 'random' {
  /**
   * A float in [0, 1).
   * @py random.random
   */
  export function random(): number;
  /**
   * An integer from `a` to `b`, both included.
   * @py random.randint
   */
  export function randint(a: number, b: number): number;
  /**
   * A float between `a` and `b`.
   * @py random.uniform
   */
  export function uniform(a: number, b: number): number;
  /**
   * A random element of a non-empty sequence.
   * @py random.choice
   */
  export function choice<T>(seq: readonly T[]): T;
  /**
   * A random character of a non-empty string.
   * @py random.choice
   */
  export function choice(seq: string): string;
  /**
   * Restarts this process's stream from `n`.
   * @py random.seed
   */
  export function seed(n?: number | string | null): void;
}

// ---------------------------------------------------------------------------------------------- queue

/**
 * The exceptions that `multiprocessing` queues raise.
 * @py queue
 */
declare module 'queue' {
  /**
   * Raised by `get` without waiting, or after its timeout, when the queue is empty.
   * @py queue.Empty
   */
  export class Empty extends Error {}
  /**
   * Raised by `put` without waiting, or after its timeout, when the queue is full.
   * @py queue.Full
   */
  export class Full extends Error {}
}

// ---------------------------------------------------------------------------------------------- sys

/**
 * The interpreter: exit and arguments.
 * @py sys
 */
declare module 'sys' {
  /**
   * Ends this process: `exit()` or `exit(0)` gives exit code 0, `exit(n)` gives `n`, and a string is
   * written to stderr with exit code 1. `finally` blocks run first.
   * @py sys.exit
   */
  export function exit(code?: number | string | boolean | null): never;
  /**
   * The program's arguments; `argv[0]` is the file name.
   * @py sys.argv
   */
  export const argv: string[];
}
