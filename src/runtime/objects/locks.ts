// Lock, RLock, Semaphore, BoundedSemaphore and Condition as a process sees them.
import { settled } from '../checks';
import { AssertionError, ValueError } from '../errors';
import type { ProcessRuntime } from '../runtime';
import { HANDLE, type HandleRef } from '../serialize';
import type { BlockOptions } from './queues';

type LockKind = 'Lock' | 'RLock' | 'Semaphore' | 'BoundedSemaphore';

interface LState {
  id: string;
  kind: LockKind;
  value: number;
  /** How many times this process holds it (RLock recursion; 0/1 for a Lock). */
  mine: number;
}

/** `acquire(false)`, `acquire(true, 5)` (Python's positional form) or `acquire({ block, timeout })`. */
function blockArgs(a?: BlockOptions | boolean, timeout?: number | null): { block: boolean; timeout: number | null } {
  if (typeof a === 'boolean') return { block: a, timeout: a ? (timeout ?? null) : null };
  const t = a?.timeout ?? null;
  if (t !== null && typeof t !== 'number')
    throw new TypeError(`timeout must be a number of seconds or null, not ${typeof t}`);
  return { block: a?.block !== false, timeout: a?.block === false ? null : t };
}

/** Builds the lock classes bound to one process's runtime. */
export function makeLocks(rt: ProcessRuntime) {
  const states = new WeakMap<object, LState>();
  const st = (l: object): LState => states.get(l)!;

  /**
   * The `with lock:` form: `await using _ = await lock.hold()`. Leaving the block does not wait for the kernel's
   * word on the release (it would cost a round trip per block); a release that fails there ends the process.
   */
  const holder = (release: () => unknown) => ({
    value: true as const,
    [Symbol.asyncDispose]: async () => void release(),
    [Symbol.dispose]: () => void release(),
  });

  abstract class SemLock {
    constructor(kind: LockKind, value: number) {
      states.set(this, { id: '', kind, value, mine: 0 });
      st(this).id = rt.newObject(kind, { value }, this);
    }

    /** @py multiprocessing.Lock.acquire — resolves true once held, false if `block: false` or the timeout passed. */
    async acquire(opts?: BlockOptions | boolean, timeout?: number | null): Promise<boolean> {
      const s = st(this);
      const { block, timeout: t } = blockArgs(opts, timeout);
      const got = (await rt.call({ op: 'obj', id: s.id, method: 'acquire', args: [block], timeout: t })) as boolean;
      if (got) s.mine++;
      return got;
    }

    /**
     * @py multiprocessing.Lock.release — a Lock or BoundedSemaphore released more times than acquired rejects
     * with `ValueError` (only the kernel knows, since any process may release them); an RLock this process does
     * not hold throws `AssertionError` at once. Not awaited, it costs no round trip, and an error ends the process.
     */
    release(): Promise<void> {
      const s = st(this);
      if (s.kind === 'RLock') {
        if (s.mine === 0) throw new AssertionError('attempt to release recursive lock not owned by thread');
      }
      const held = s.mine > 0;
      if (held) s.mine--;
      if (s.kind === 'Lock' || s.kind === 'BoundedSemaphore') return rt.checkedOp(s.id, 'release', !held);
      // An RLock's owner and a Semaphore without a bound cannot release too many times.
      rt.send({ t: 'op', id: s.id, method: 'release', args: [] });
      return settled();
    }

    /** Acquires and returns a disposable that releases: `await using _ = await lock.hold();` is Python's `with lock:`. */
    async hold(): Promise<{ value: true } & AsyncDisposable & Disposable> {
      await this.acquire();
      return holder(() => this.release());
    }

    /** Whether this process holds it (SemLock._is_mine). */
    isMine(): boolean {
      return st(this).mine > 0;
    }

    [HANDLE](): HandleRef {
      const s = st(this);
      return { kind: s.kind, id: s.id, extra: { value: s.value } };
    }

    toString(): string {
      const s = st(this);
      return `<${s.kind} ${rt.objectName(s.id, s.kind)}>`;
    }
  }

  /** @py multiprocessing.Lock */
  class Lock extends SemLock {
    constructor() {
      super('Lock', 1);
    }
  }
  /** @py multiprocessing.RLock */
  class RLock extends SemLock {
    constructor() {
      super('RLock', 1);
    }
  }
  /** @py multiprocessing.Semaphore */
  class Semaphore extends SemLock {
    constructor(value = 1) {
      if (!Number.isInteger(value) || value < 0) throw new ValueError('semaphore initial value must be >= 0');
      super(new.target === BoundedSemaphore ? 'BoundedSemaphore' : 'Semaphore', value);
    }
    /** @py multiprocessing.Semaphore.get_value */
    async getValue(): Promise<number> {
      return (await rt.call({ op: 'obj', id: st(this).id, method: 'getValue', args: [], timeout: null })) as number;
    }
  }
  /** @py multiprocessing.BoundedSemaphore */
  class BoundedSemaphore extends Semaphore {}

  /** @py multiprocessing.Condition */
  class Condition {
    readonly lock: SemLock;
    private readonly id: string;
    constructor(lock?: SemLock | null) {
      this.lock = lock ?? new RLock();
      if (!(this.lock instanceof SemLock)) throw new TypeError('Condition(lock) needs a Lock or RLock');
      this.id = rt.newObject('Condition', { lock: st(this.lock).id }, this);
    }
    acquire(opts?: BlockOptions | boolean, timeout?: number | null): Promise<boolean> {
      return this.lock.acquire(opts, timeout);
    }
    /** @py multiprocessing.Condition.release — see Lock.release. */
    release(): Promise<void> {
      return this.lock.release();
    }
    hold(): Promise<{ value: true } & AsyncDisposable & Disposable> {
      return this.lock.hold();
    }
    /** @py multiprocessing.Condition.wait — releases the lock, waits for notify() or the timeout, re-acquires. */
    async wait(timeout: number | null = null): Promise<boolean> {
      const ls = st(this.lock);
      if (ls.mine === 0) throw new AssertionError('must acquire() condition before using wait()');
      const saved = ls.mine;
      ls.mine = 0;
      const notified = (await rt.call({ op: 'obj', id: this.id, method: 'wait', args: [], timeout })) as boolean;
      await this.lock.acquire();
      for (let i = 1; i < saved; i++) await this.lock.acquire();
      return notified;
    }
    /** @py multiprocessing.Condition.wait_for — returns the predicate's last value. */
    async waitFor<T>(predicate: () => T | Promise<T>, timeout: number | null = null): Promise<T> {
      const end = timeout === null ? null : rt.programSeconds() + timeout;
      let result = await predicate();
      while (!result) {
        let wait: number | null = null;
        if (end !== null) {
          wait = end - rt.programSeconds();
          if (wait <= 0) break;
        }
        await this.wait(wait);
        result = await predicate();
      }
      return result;
    }
    /** @py multiprocessing.Condition.notify */
    notify(n = 1): void {
      if (!Number.isInteger(n)) throw new TypeError(`notify() needs a whole number of waiters, not ${String(n)}`);
      if (st(this.lock).mine === 0) throw new AssertionError('lock is not owned');
      rt.send({ t: 'op', id: this.id, method: 'notify', args: [n] });
    }
    /** @py multiprocessing.Condition.notify_all */
    notifyAll(): void {
      if (st(this.lock).mine === 0) throw new AssertionError('lock is not owned');
      rt.send({ t: 'op', id: this.id, method: 'notifyAll', args: [] });
    }
    [HANDLE](): HandleRef {
      return { kind: 'Condition', id: this.id, extra: { lock: this.lock[HANDLE]() } };
    }
    toString(): string {
      return `<Condition(${String(this.lock)})>`;
    }
  }

  const rebuildLock = (Cls: { prototype: object }) => (ref: HandleRef) => {
    const h = Object.create(Cls.prototype) as object;
    states.set(h, { id: ref.id, kind: ref.kind as LockKind, value: Number(ref.extra?.value ?? 1), mine: 0 });
    return h;
  };
  rt.handleFactories.set('Lock', rebuildLock(Lock));
  rt.handleFactories.set('RLock', rebuildLock(RLock));
  rt.handleFactories.set('Semaphore', rebuildLock(Semaphore));
  rt.handleFactories.set('BoundedSemaphore', rebuildLock(BoundedSemaphore));
  rt.handleFactories.set('Condition', (ref) => {
    const c = Object.create(Condition.prototype) as { lock: unknown; id: string };
    Object.defineProperty(c, 'lock', { value: rt.handleFor(ref.extra!.lock as HandleRef) });
    Object.defineProperty(c, 'id', { value: ref.id });
    return c;
  });

  return { Lock, RLock, Semaphore, BoundedSemaphore, Condition, SemLock, lockState: st };
}
