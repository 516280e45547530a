// Lock, RLock, Semaphore and BoundedSemaphore: CPython's SemLock semantics (any process may release a Lock;
// only the owner an RLock; a terminated holder never releases).
import type { ObjectId, ObjectKind, Pid } from '../../protocol/messages';
import { type Caller, type ObjectHost, type Parked, SyncObject, WaitQueue, err, ok } from './base';

const TOO_MANY = 'semaphore or lock released too many times';

/** @py multiprocessing.synchronize.SemLock and its kinds */
export class SemaphoreObject extends SyncObject {
  private value: number;
  private readonly maxvalue: number;
  /** RLock: the owning process and its recursion count. Lock: the last acquirer (for reports). */
  owner: Pid | null = null;
  count = 0;
  private readonly waiters = new WaitQueue<{ parked: Parked; pid: Pid }>();

  constructor(id: ObjectId, kind: ObjectKind, name: string, k: ObjectHost, opts: Record<string, unknown>) {
    super(id, kind, name, k);
    const v = kind === 'Lock' || kind === 'RLock' ? 1 : Number(opts.value ?? 1);
    this.value = v;
    this.maxvalue = kind === 'Semaphore' ? Infinity : v;
  }

  override state(): Record<string, unknown> {
    return {};
  }

  private take(pid: Pid): void {
    if (this.kind === 'RLock') {
      this.owner = pid;
      this.count = 1;
    } else {
      this.value--;
      this.owner = pid;
    }
    this.k.emit(pid, { kind: 'lock', pid, obj: this.name, op: 'acquire' });
  }

  private free(): boolean {
    return this.kind === 'RLock' ? this.owner === null : this.value > 0;
  }

  call(method: string, args: unknown[], c: Caller): void {
    switch (method) {
      case 'acquire': {
        const block = args[0] !== false;
        if (this.kind === 'RLock' && this.owner === c.pid) {
          this.count++;
          return this.k.answer(c, ok(true));
        }
        if (this.free() && this.waiters.size === 0) {
          this.take(c.pid);
          return this.k.answer(c, ok(true));
        }
        if (!block) return this.k.answer(c, ok(false));
        const parked = this.k.park(c, 'acquire', `${this.name}.acquire()`, () => ok(false));
        if (parked) this.waiters.push({ parked, pid: c.pid });
        return;
      }
      case 'getValue':
        return this.k.answer(c, ok(this.kind === 'RLock' ? (this.owner === null ? 1 : 0) : this.value));
      case 'locked':
        return this.k.answer(c, ok(!this.free()));
      default:
        return this.k.answer(c, err('AttributeError', `'${this.kind}' object has no attribute '${method}'`));
    }
  }

  /** `release`: args are the sequence numbers of checked calls (a Lock, a BoundedSemaphore), or none. */
  override op(pid: Pid, method: string, args: unknown[]): void {
    if (method === 'release') {
      for (const seq of args.length ? args : [null]) {
        const e = this.release(pid);
        if (!e) continue;
        if (typeof seq === 'number') this.k.failChecked(pid, seq, e.name, e.message);
        else this.k.raise(pid, e.name, e.message);
      }
      return;
    }
    super.op(pid, method, args);
  }

  /** Releases (an RLock fully when `levels` is its count, as Condition.wait does). Returns an error if it cannot. */
  release(pid: Pid, levels = 1): { name: string; message: string } | null {
    if (this.kind === 'RLock') {
      if (this.owner !== pid)
        return { name: 'AssertionError', message: 'attempt to release recursive lock not owned by thread' };
      this.count -= levels;
      if (this.count > 0) return null;
      this.count = 0;
      this.owner = null;
    } else {
      if (this.value >= this.maxvalue) return { name: 'ValueError', message: TOO_MANY };
      this.value++;
      if (this.value > 0 && this.kind === 'Lock') this.owner = null;
    }
    this.k.emit(pid, { kind: 'lock', pid, obj: this.name, op: 'release' });
    this.handOn();
    return null;
  }

  /** Gives the lock to the first waiter still waiting, if it is free. */
  private handOn(): void {
    while (this.free()) {
      const w = this.waiters.shift();
      if (!w) return;
      if (!this.k.isLive(w.pid)) continue;
      this.take(w.pid);
      w.parked.settle(ok(true));
    }
  }

  /** The owner's RLock count, taken away (Condition.wait releases an RLock completely). */
  releaseAll(pid: Pid): number {
    if (this.kind !== 'RLock') {
      this.release(pid);
      return 1;
    }
    const n = this.owner === pid ? this.count : 0;
    if (n > 0) this.release(pid, n);
    return n;
  }

  override cause(pid: Pid, op: string): string {
    void pid;
    if (op !== 'acquire') return '';
    if (this.owner === null)
      return this.kind === 'Semaphore' || this.kind === 'BoundedSemaphore' ? 'its value is 0' : '';
    const holder = this.k.procName(this.owner);
    return `held by ${holder}, which ${this.k.describe(this.owner)}`;
  }
}
