// Queue, SimpleQueue and JoinableQueue as a process sees them: thin handles whose state lives in the kernel.
import { Empty, Full, OSError, ValueError } from '../errors';
import type { ProcessRuntime } from '../runtime';
import { HANDLE, type HandleRef } from '../serialize';

export interface BlockOptions {
  /** false: fail at once instead of waiting (`Empty` / `Full`). */
  block?: boolean;
  /** Seconds to wait at most; null or absent waits forever. */
  timeout?: number | null;
}

interface QState {
  id: string;
  kind: 'Queue' | 'SimpleQueue' | 'JoinableQueue';
  maxsize: number;
  closed: boolean;
}

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
  const leases = new Map<string, { id: number; value: unknown }[]>();
  rt.onRecall = (id) => {
    const mine = leases.get(id);
    if (!mine?.length) return;
    leases.delete(id);
    rt.send({ t: 'op', id, method: 'unlease', args: mine.map((m) => m.id) });
  };

  /** The next item for get(): from this process's lease if it has one, else from the kernel. */
  const take = async (s: QState, block: boolean, timeout: number | null): Promise<unknown> => {
    const mine = leases.get(s.id);
    const next = mine?.shift();
    if (next) {
      rt.sendAppending(s.id, 'took', next.id);
      return rt.decodeItem(next.value);
    }
    const r = (await rt.call({ op: 'obj', id: s.id, method: 'get', args: [block], timeout })) as {
      value: unknown;
      lease?: { id: number; value: unknown }[];
    };
    if (r.lease?.length) leases.set(s.id, [...(leases.get(s.id) ?? []), ...r.lease]);
    return rt.decodeItem(r.value);
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
      states.set(this, { id: '', kind, maxsize, closed: false });
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
        rt.sendAppending(s.id, 'put', item.value);
        return;
      }
      await rt.call({ op: 'obj', id: s.id, method: 'put', args: [item.value, opts?.block !== false], timeout });
    }

    /** @py multiprocessing.Queue.get */
    async get(opts?: BlockOptions): Promise<T> {
      const s = this.check();
      return (await take(s, opts?.block !== false, timeoutOf(opts))) as T;
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
    /** @py multiprocessing.JoinableQueue.task_done */
    taskDone(): void {
      rt.sendAppending(st(this).id, 'taskDone', 1);
    }

    /** @py multiprocessing.JoinableQueue.join — waits until every item put has been marked taskDone(). */
    async join(): Promise<void> {
      await rt.call({ op: 'obj', id: st(this).id, method: 'join', args: [], timeout: null });
    }
  }

  /** @py multiprocessing.SimpleQueue */
  class SimpleQueue<T = unknown> {
    constructor() {
      states.set(this, { id: '', kind: 'SimpleQueue', maxsize: 0, closed: false });
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
      if (item.ok) rt.sendAppending(s.id, 'put', item.value);
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
    states.set(h, { id: ref.id, kind: ref.kind as QState['kind'], maxsize, closed: false });
    return h;
  };
  rt.handleFactories.set('Queue', rebuild(Queue));
  rt.handleFactories.set('JoinableQueue', rebuild(JoinableQueue));
  rt.handleFactories.set('SimpleQueue', rebuild(SimpleQueue));

  return { Queue, JoinableQueue, SimpleQueue, Empty, Full };
}
