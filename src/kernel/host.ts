// What the kernel needs from the outside world: workers, a clock, and somewhere to send events.
import type { Endpoint, KernelToProc, Pid, PortLike, ProcToKernel } from '../protocol/messages';
import type { RunResult, TraceEvent } from '../protocol/trace';

/** The kernel's view of one process's transport. */
export type ProcessEndpoint = Endpoint<ProcToKernel, KernelToProc>;

/** Starts and ends process workers. Browser: workers the page lends the kernel worker; Node: worker_threads; tests: MessageChannel. */
export interface ProcessHost {
  /** Starts a worker for `pid`; the kernel sends `init` on the returned endpoint at once. */
  spawn(pid: Pid): ProcessEndpoint;
  /**
   * The process is over: end its worker now (the kernel already ignores its messages), or, when `reusable`
   * (it exited cleanly with nothing left to run), keep the worker to host a later process.
   */
  kill(pid: Pid, reusable?: boolean): void;
  /** A new MessageChannel, for a pipe's direct link where there is no shared memory; absent: no such links. */
  channel?(): { port1: PortLike; port2: PortLike };
}

/** Injected time (STYLE habit 5): wall-clock ms and timers. Tests pass a fake. */
export interface Clock {
  now(): number;
  setTimer(ms: number, fn: () => void): unknown;
  clearTimer(handle: unknown): void;
}

export interface KernelOptions {
  host: ProcessHost;
  clock?: Clock;
  program: import('../protocol/messages').Program;
  /** Program seconds per wall second; 10 makes `sleep(1)` take 0.1 s. */
  speed?: number;
  seed?: number;
  cpuCount?: number;
  argv?: string[];
  /**
   * Live processes at once, MainProcess included (default 512): a start() beyond raises
   * `BlockingIOError: [Errno 11] Resource temporarily unavailable`, as a failing fork does, so a fork bomb ends.
   */
  maxProcesses?: number;
  /**
   * Bytes the items in the run's queues and pipes may hold in the kernel at once (default 256 MiB, estimated
   * as a structured clone would copy them): a put or send beyond raises MemoryError in the process that made it.
   */
  maxHeldBytes?: number;
  /**
   * Output the stored trace keeps (default 32 Mi characters and 200,000 lines): beyond, the oldest lines are
   * dropped, with a note where they were, and the rest of the trace is kept. Live output (`onEvent`) is all sent.
   */
  maxOutputChars?: number;
  maxOutputLines?: number;
  /**
   * `full` (default) records every event; `lifecycle` leaves out per-item events (put, take, taskDone,
   * lock, task spans), so a benchmark can measure what recording the items costs.
   */
  traceLevel?: 'full' | 'lifecycle';
  /**
   * How a pipe direction with one writer and one reader carries its messages without the kernel in between:
   * `sab` (a SharedArrayBuffer ring), `port` (a MessagePort from `host.channel`) or `off` (always through
   * the kernel). Default: `sab` where SharedArrayBuffer exists, else `port` if the host makes channels.
   */
  pipeLinks?: 'sab' | 'port' | 'off';
  /**
   * Whether each child gets its parent's pid in shared memory (ProcessInit.ppidCell), so that its getppid() sees
   * a re-parenting at once. Default: where SharedArrayBuffer exists and the context is not known to be
   * non-isolated (a browser page must be cross-origin isolated to share it with workers).
   */
  ppidCells?: boolean;
  /**
   * Whether queues and pools may hand items ahead to a consumer (default true). A controlled run turns it off, so
   * that every get() and every task taken is a call to the kernel (a scheduling point).
   */
  leases?: boolean;
  /**
   * Every trace event as it happens, in order, except the per-item events (put, take, taskDone): those are
   * recorded in columns (`Kernel.trace.items`) and announced in bulk through `onItems`.
   */
  onEvent?: (ev: TraceEvent) => void;
  /**
   * Item rows were recorded: `count` rows in all so far (`Kernel.trace.items.length`). Called at most once
   * per batch of messages. An item row recorded before an event given to `onEvent` happened before it.
   */
  onItems?: (count: number) => void;
  /** Once, when MainProcess and every orphan have exited, or on stop(). */
  onEnd?: (result: RunResult) => void;
}
