// What every kernel-owned shared object builds on: callers that park (optionally with a timeout) and are woken in order.
import type { KernelToProc, ObjectId, ObjectKind, Pid, PipeLink, PortLike } from '../../protocol/messages';
import type { TraceEvent } from '../../protocol/trace';

/** One call into an object by one process. */
export interface Caller {
  pid: Pid;
  callId: number;
  /** Seconds; null waits forever. */
  timeout: number | null;
}

/** An answer to a call: a value, or an error raised in the caller with Python's class and message. */
export type Answer = { ok: true; value: unknown } | { ok: false; name: string; message: string; traceback?: string };

export const ok = (value: unknown = null): Answer => ({ ok: true, value });
export const err = (name: string, message = ''): Answer => ({ ok: false, name, message });

/**
 * A parked call: `settle` answers it once (later calls are ignored: the timeout may have won). `null` ends
 * the wait without an answer: the caller stopped waiting on its own (a pipe message came by a direct link).
 */
export interface Parked {
  readonly pid: Pid;
  settled: boolean;
  settle(answer: Answer | null): void;
}

type EventBody = TraceEvent extends infer E ? (E extends unknown ? Omit<E, 'at' | 'ppid'> : never) : never;

/** The kernel as a shared object sees it. */
export interface ObjectHost {
  /** Whether queues and pools may hand items ahead (KernelOptions.leases). */
  readonly leases: boolean;
  /**
   * Blocks the caller (trace: blocked on `label`) until `settle`, or answers `onTimeout()` after the caller's
   * timeout. A timeout of 0 or less answers at once and returns null.
   */
  park(c: Caller, op: string, label: string, onTimeout: () => Answer): Parked | null;
  answer(c: Caller, a: Answer, transfer?: PortLike[]): void;
  /** Sends a process a message of an object's own (a pipe's route changes), with ports to move. */
  tell(pid: Pid, msg: KernelToProc, transfer?: PortLike[]): void;
  /** A new direct link for a pipe direction, or null where the run has none (KernelOptions.pipeLinks). */
  pipeLink(): { writer: PipeLink; reader: PipeLink } | null;
  /**
   * Items of `bytes` come into the object (KernelOptions.maxHeldBytes): false, and nothing counted, when that
   * would pass the cap (`force`: items coming back, counted whatever the total).
   */
  hold(bytes: number, force?: boolean): boolean;
  /** Items of `bytes` left the object. */
  unhold(bytes: number): void;
  /** The MemoryError a put past the cap raises (its message names the cap). */
  memoryError(): Answer;
  /** A non-blocking put or send went past the cap: `pid` ends with MemoryError (its runtime should have raised). */
  outOfMemory(pid: Pid): void;
  /** Raises an error in `pid` now, outside any call (it cannot be caught there: the process ends). */
  raise(pid: Pid, name: string, message: string): void;
  /**
   * A checked non-blocking call (`taskDone`, `release`: see the `op` message) failed: the promise of call `seq`
   * of `pid` rejects with this error, which the caller can catch.
   */
  failChecked(pid: Pid, seq: number, name: string, message: string): void;
  emit(pid: Pid, ev: EventBody): void;
  /** Records a `put` of `value` into `obj` (its summary is made only if the trace is read). */
  putItem(pid: Pid, obj: string, item: number, value: unknown, depth: number): void;
  /** Records the `put`s of `values` by one process at one moment: items `item`… , depths `depth`, `depth + 1`… */
  putItems(pid: Pid, obj: string, item: number, values: readonly unknown[], depth: number): void;
  /** Records a `take` of item `item` from `obj`. */
  takeItem(pid: Pid, obj: string, item: number, depth: number): void;
  /** Records the `take`s of `items` by one process at one moment: depths `depth`, `depth - 1`… */
  takeItems(pid: Pid, obj: string, items: readonly number[], depth: number): void;
  /** Records `count` taskDone() calls by one process at one moment that release no join: unfinished `unfinished`, one less… */
  tasksDone(pid: Pid, obj: string, unfinished: number, count: number): void;
  /** Records a JoinableQueue `taskDone()`; `releases`: the pids whose join() it releases. */
  taskDone(pid: Pid, obj: string, unfinished: number, releases: readonly Pid[]): void;
  /** Sends `state` to every process holding a handle, for synchronous getters. */
  broadcast(obj: SyncObject, state: Record<string, unknown>): void;
  nextItemId(): number;
  procName(pid: Pid): string;
  isLive(pid: Pid): boolean;
  /** What a process is doing, for causes: "is running", "waits in q.get()", "has exited with code -15". */
  describe(pid: Pid): string;
  /** Sends a signal to a process, as `terminate()` would (Pool.terminate ends its workers). */
  signal(pid: Pid, signal: 15 | 9, from: Pid): void;
  /** Tells the object's owner process something happened (`notify` message). */
  notify(pid: Pid, id: ObjectId, data: unknown): void;
  /** Asks process `pid` to give back the items of `obj` leased to it (see QueueObject.lease). */
  recall(pid: Pid, obj: ObjectId): void;
  /** Another shared object, by id (a Condition's lock). */
  object(id: ObjectId): SyncObject | undefined;
}

/** A FIFO of parked callers that skips those already answered (by their timeout). */
export class WaitQueue<T extends { parked: Parked }> {
  private q: T[] = [];
  push(w: T): void {
    this.q.push(w);
  }
  /** The first caller still waiting, removed from the queue. */
  shift(): T | undefined {
    for (let w = this.q.shift(); w; w = this.q.shift()) if (!w.parked.settled) return w;
    return undefined;
  }
  peek(): T | undefined {
    while (this.q.length && this.q[0]!.parked.settled) this.q.shift();
    return this.q[0];
  }
  get size(): number {
    return this.q.filter((w) => !w.parked.settled).length;
  }
  waiting(): T[] {
    return this.q.filter((w) => !w.parked.settled);
  }
  /** Removes callers of a process that has gone. */
  drop(pid: Pid): void {
    this.q = this.q.filter((w) => w.parked.pid !== pid);
  }
}

/** A kernel-owned shared object: queues, pipes, locks, events… */
export abstract class SyncObject {
  /** Processes that hold a handle: the creator and every child that received one. */
  readonly holders = new Set<Pid>();

  constructor(
    readonly id: ObjectId,
    readonly kind: ObjectKind,
    /** What the trace and reports call it, e.g. `JoinableQueue#1`. */
    readonly name: string,
    protected readonly k: ObjectHost,
  ) {}

  /** A method that may wait (the runtime awaits the answer). */
  abstract call(method: string, args: unknown[], c: Caller): void;

  /** A method that never waits (fire-and-forget); failures are raised with `k.raise`. */
  op(pid: Pid, method: string, args: unknown[]): void {
    this.k.raise(pid, 'AttributeError', `'${this.kind}' object has no attribute '${method}'`);
    void args;
  }

  /** Why `pid`, parked in `op`, cannot proceed: the deadlock report's "likely cause". */
  cause(pid: Pid, op: string): string {
    void pid;
    void op;
    return '';
  }

  /** The synchronous state every holder keeps a copy of (sent on creation, attach and change). */
  state(): Record<string, unknown> {
    return {};
  }

  /** Whether process `pid` may ask `method` of this object: it holds a handle (made it, or was given one). */
  mayUse(pid: Pid, method: string): boolean {
    void method;
    return this.holders.has(pid);
  }

  /** A process received a handle (`sub` tells which end of a pipe). */
  attach(pid: Pid, sub: string | undefined): void {
    void sub;
    this.holders.add(pid);
  }

  /** A process that held a handle has ended. */
  processGone(pid: Pid): void {
    this.holders.delete(pid);
  }

  /** Whether `pid`, blocked on this object, is sure to wake (what will wake it is already on its way). */
  resolvable(pid: Pid): boolean {
    void pid;
    return false;
  }

  /** The run is over: report what was left behind. */
  finish(): void {}
}

export { summarize } from '../../protocol/summary';
