// Queue, SimpleQueue and JoinableQueue as a process sees them: thin handles whose state lives in the kernel.
import { approxBytes, heldCapMessage } from '../../protocol/limits';
import { Empty, Full, MemoryError, OSError, ValueError } from '../errors';
import type { ProcessRuntime } from '../runtime';
import { HANDLE, type HandleRef } from '../serialize';
import type { Lease } from '../../protocol/messages';

export interface BlockOptions {
  /** false: fail at once instead of waiting (`Empty` / `Full`). */
  block?: boolean;
  /** Seconds to wait at most; null or absent waits forever. */
  timeout?: number | null;
}

/** A lease as this process holds it: the next item to take is at `head`. */
interface HeldLease extends Lease {
  head: number;
}

interface QState {
  id: string;
  kind: 'Queue' | 'SimpleQueue' | 'JoinableQueue';
  maxsize: number;
  closed: boolean;
  /** Items this process took by get(), and its taskDone() calls: more calls than items is likely an error. */
  taken: number;
  done: number;
}

/** Items left in a lease when the next is asked for (a full lease is 256). */
const PREFETCH_AT = 128;

function timeoutOf(opts: BlockOptions | undefined): number | null {
  const t = opts?.timeout ?? null;
  if (t !== null && (typeof t !== 'number' || Number.isNaN(t))) {
    throw new TypeError(`timeout must be a number of seconds or null, not ${typeof t}`);
  }
  return t;
}

/** Builds the queue classes bound to one process's runtime. */
export function makeQueues(rt: ProcessRuntime) {
  const states = new WeakMap<object, QState>();
  const st = (q: object): QState => states.get(q)!;
  /** Items the kernel handed this process ahead of its get() calls, per queue id (see QueueObject.lease). */
  const leases = new Map<string, HeldLease>();
  /** Per queue id: recalls so far, so that a lease answered before a recall but read after it goes back too. */
  const recalls = new Map<string, number>();
  /** Per queue id: a request for more leased items, sent while this process still takes from its lease. */
  const prefetches = new Map<string, Promise<void>>();
  const giveBack = (id: string, ids: number[]) => rt.send({ t: 'op', id, method: 'unlease', args: ids });
  rt.onRecall = (id) => {
    recalls.set(id, (recalls.get(id) ?? 0) + 1);
    const mine = leases.get(id);
    if (!mine) return;
    leases.delete(id);
    if (mine.head < mine.ids.length) giveBack(id, mine.ids.slice(mine.head));
  };
  /** Adds items the kernel leased, unless a recall came while they were on their way: then they go back. */
  const addLease = (id: string, lease: Lease | null | undefined, recallsBefore: number) => {
    if (!lease?.ids.length) return;
    if ((recalls.get(id) ?? 0) !== recallsBefore) return giveBack(id, lease.ids);
    const mine = leases.get(id);
    if (!mine) return void leases.set(id, { ...lease, head: 0 });
    mine.ids = mine.ids.slice(mine.head).concat(lease.ids);
    mine.values = mine.values.slice(mine.head).concat(lease.values);
    mine.head = 0;
  };
  /**
   * Asks for the next lease while half of this one is left, so a consumer working through a backlog does not
   * stop for a round trip every 256 items. Only when more than half a lease is held: a short lease means the
   * queue ran dry, and asking ahead then would cost a round trip per item.
   */
  const prefetch = (s: QState) => {
    const before = recalls.get(s.id) ?? 0;
    const p = rt
      .call({ op: 'obj', id: s.id, method: 'lease', args: [], timeout: null })
      .then((lease) => addLease(s.id, lease as Lease | null, before))
      .finally(() => prefetches.delete(s.id));
    prefetches.set(s.id, p);
  };

  /** The next item for get(): from this process's lease if it has one, else from the kernel. */
  const take = async (s: QState, block: boolean, timeout: number | null): Promise<unknown> => {
    for (;;) {
      const mine = leases.get(s.id);
      if (mine && mine.head < mine.ids.length) {
        const i = mine.head++;
        rt.sendAppending(s.id, 'took', mine.ids[i]);
        const value = mine.values[i];
        mine.values[i] = undefined;
        if (mine.ids.length - mine.head === PREFETCH_AT && !prefetches.has(s.id)) prefetch(s);
        return rt.decodeItem(value);
      }
      const pending = prefetches.get(s.id);
      if (!pending) break;
      await pending;
    }
    leases.delete(s.id);
    const before = recalls.get(s.id) ?? 0;
    const r = (await rt.call({ op: 'obj', id: s.id, method: 'get', args: [block], timeout })) as {
      value: unknown;
      lease?: Lease;
    };
    addLease(s.id, r.lease, before);
    return rt.decodeItem(r.value);
  };

  /**
   * Counts an item against the run's cap on what queues and pipes hold, or raises MemoryError at the put: when
   * this process's count says the cap is near, the kernel's own count decides (others may have taken items).
   */
  const charge = (value: unknown): true | Promise<void> => {
    const bytes = approxBytes(value);
    // Synchronous when there is room: a put that is not awaited must be on its way before the caller's next
    // call (its message rides with that call's; a microtask later it would wait behind a blocked get).
    if (rt.limits.chargeHeld(bytes)) return true;
    return (async () => {
      await rt.limits.recountHeld();
      if (!rt.limits.chargeHeld(bytes)) throw new MemoryError(heldCapMessage(rt.limits.caps.heldBytes));
    })();
  };

  /** Copies an item now (a put never shares memory): functions by name, handles refused, like pickling. */
  const encode = (q: QState, item: unknown): { ok: true; value: unknown } | { ok: false } => {
    try {
      return { ok: true, value: rt.encodeItem(item) };
    } catch (e) {
      // CPython's feeder thread prints the error and drops the item; put() itself returns normally (Q08, Q09).
      const name = rt.objectName(q.id, q.kind);
      rt.write(
        'stderr',
        `Traceback (most recent call last):\n  (mpplay) put() into ${name}: the item could not be sent and was dropped\n${(e as Error).name}: ${(e as Error).message}\n`,
      );
      return { ok: false };
    }
  };

  /** @py multiprocessing.Queue */
  class Queue<T = unknown> {
    constructor(maxsize = 0) {
      const kind = new.target === JoinableQueue ? 'JoinableQueue' : 'Queue';
      if (typeof maxsize !== 'number') throw new TypeError(`maxsize must be a number, not ${typeof maxsize}`);
      states.set(this, { id: '', kind, maxsize, closed: false, taken: 0, done: 0 });
      st(this).id = rt.newObject(kind, { maxsize }, this);
    }

    private check(): QState {
      const s = st(this);
      if (s.closed) throw new ValueError(`Queue ${String(this)} is closed`);
      return s;
    }

    /** @py multiprocessing.Queue.put */
    async put(obj: T, opts?: BlockOptions): Promise<void> {
      const s = this.check();
      const timeout = timeoutOf(opts);
      const item = encode(s, obj);
      if (!item.ok) return;
      if (s.maxsize <= 0) {
        const charged = charge(item.value);
        if (charged !== true) await charged;
        rt.sendAppending(s.id, 'put', item.value);
        return;
      }
      await rt.call({ op: 'obj', id: s.id, method: 'put', args: [item.value, opts?.block !== false], timeout });
    }

    /** @py multiprocessing.Queue.get */
    async get(opts?: BlockOptions): Promise<T> {
      const s = this.check();
      const item = (await take(s, opts?.block !== false, timeoutOf(opts))) as T;
      s.taken++;
      return item;
    }

    /** @py multiprocessing.Queue.put_nowait */
    putNowait(obj: T): Promise<void> {
      return this.put(obj, { block: false });
    }

    /** @py multiprocessing.Queue.get_nowait */
    getNowait(): Promise<T> {
      return this.get({ block: false });
    }

    /** @py multiprocessing.Queue.qsize */
    async qsize(): Promise<number> {
      return (await rt.call({ op: 'obj', id: this.check().id, method: 'qsize', args: [], timeout: null })) as number;
    }

    /** @py multiprocessing.Queue.empty */
    async empty(): Promise<boolean> {
      return (await rt.call({ op: 'obj', id: this.check().id, method: 'empty', args: [], timeout: null })) as boolean;
    }

    /** @py multiprocessing.Queue.full */
    async full(): Promise<boolean> {
      return (await rt.call({ op: 'obj', id: this.check().id, method: 'full', args: [], timeout: null })) as boolean;
    }

    /** @py multiprocessing.Queue.close — this process will put and get no more. */
    close(): void {
      st(this).closed = true;
    }

    [HANDLE](): HandleRef {
      const s = st(this);
      return { kind: s.kind, id: s.id, extra: { maxsize: s.maxsize } };
    }

    toString(): string {
      const s = st(this);
      return `<multiprocessing.queues.${s.kind} object ${rt.objectName(s.id, s.kind)}>`;
    }
  }

  /** @py multiprocessing.JoinableQueue */
  class JoinableQueue<T = unknown> extends Queue<T> {
    /**
     * @py multiprocessing.JoinableQueue.task_done — rejects with `ValueError` when called more times than items
     * were put (in every process together); not awaited, it costs no round trip, and that error ends the process.
     */
    taskDone(): Promise<void> {
      const s = st(this);
      s.done++;
      return rt.checkedOp(s.id, 'taskDone', s.done > s.taken);
    }

    /** @py multiprocessing.JoinableQueue.join — waits until every item put has been marked taskDone(). */
    async join(): Promise<void> {
      await rt.call({ op: 'obj', id: st(this).id, method: 'join', args: [], timeout: null });
    }
  }

  /** @py multiprocessing.SimpleQueue */
  class SimpleQueue<T = unknown> {
    constructor() {
      states.set(this, { id: '', kind: 'SimpleQueue', maxsize: 0, closed: false, taken: 0, done: 0 });
      st(this).id = rt.newObject('SimpleQueue', {}, this);
    }
    private check(): QState {
      const s = st(this);
      if (s.closed) throw new OSError('handle is closed');
      return s;
    }
    /** @py multiprocessing.SimpleQueue.put */
    async put(obj: T): Promise<void> {
      const s = this.check();
      const item = encode(s, obj);
      if (!item.ok) return;
      const charged = charge(item.value);
      if (charged !== true) await charged;
      rt.sendAppending(s.id, 'put', item.value);
    }
    /** @py multiprocessing.SimpleQueue.get */
    async get(): Promise<T> {
      return (await take(this.check(), true, null)) as T;
    }
    /** @py multiprocessing.SimpleQueue.empty */
    async empty(): Promise<boolean> {
      return (await rt.call({ op: 'obj', id: this.check().id, method: 'empty', args: [], timeout: null })) as boolean;
    }
    /** @py multiprocessing.SimpleQueue.close */
    close(): void {
      st(this).closed = true;
    }
    [HANDLE](): HandleRef {
      return { kind: 'SimpleQueue', id: st(this).id };
    }
    toString(): string {
      return `<multiprocessing.queues.SimpleQueue object ${rt.objectName(st(this).id, 'SimpleQueue')}>`;
    }
  }

  const rebuild = (Cls: { prototype: object }) => (ref: HandleRef) => {
    const h = Object.create(Cls.prototype) as object;
    const maxsize = Number(ref.extra?.maxsize ?? 0);
    states.set(h, { id: ref.id, kind: ref.kind as QState['kind'], maxsize, closed: false, taken: 0, done: 0 });
    return h;
  };
  rt.handleFactories.set('Queue', rebuild(Queue));
  rt.handleFactories.set('JoinableQueue', rebuild(JoinableQueue));
  rt.handleFactories.set('SimpleQueue', rebuild(SimpleQueue));

  return { Queue, JoinableQueue, SimpleQueue, Empty, Full };
}
