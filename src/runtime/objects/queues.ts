// Queue, SimpleQueue and JoinableQueue as a process sees them: thin handles whose state lives in the kernel.
import { Empty, Full, OSError, ValueError } from '../errors';
import type { ProcessRuntime } from '../runtime';
import { HANDLE, type HandleRef } from '../serialize';
import { isGrant, linksOf, turnTaker } from './link';

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

  const links = linksOf(rt);
  /** One get() at a time per queue in this process (a direct reader's waits must not overlap). */
  const inTurn = turnTaker();

  /** What the kernel answers a get(): an item (and maybe a lease of more). */
  const fromKernel = (r: { value: unknown; lease?: { id: number; value: unknown }[] }, id: string): unknown => {
    if (r.lease?.length) leases.set(id, [...(leases.get(id) ?? []), ...r.lease]);
    return rt.decodeItem(r.value);
  };

  /**
   * The next item for get(): by the direct link if this process is the queue's lone consumer with one (see
   * src/runtime/objects/link.ts), else from this process's lease if it has one, else from the kernel.
   */
  const take = async (s: QState, block: boolean, timeout: number | null): Promise<unknown> => {
    for (;;) {
      if (links.isReader(s.id, 0)) {
        const wait = block ? timeout : 0;
        const got = await links.read(s.id, 0, false, wait, (delivered, fromRing) => ({
          op: 'obj',
          id: s.id,
          method: 'get',
          args: [block, delivered, fromRing],
          timeout: wait,
        }));
        if ('item' in got) return rt.decodeItem(got.item.v);
        if ('answer' in got) return fromKernel(got.answer as { value: unknown }, s.id); // the link ended meanwhile
        continue;
      }
      const mine = leases.get(s.id);
      const next = mine?.shift();
      if (next) {
        rt.sendAppending(s.id, 'took', next.id);
        return rt.decodeItem(next.value);
      }
      const r = await rt.call({ op: 'obj', id: s.id, method: 'get', args: [block], timeout });
      if (isGrant(r)) {
        links.installReader(s.id, 0, r);
        continue;
      }
      return fromKernel(r as { value: unknown }, s.id);
    }
  };

  /**
   * Sends a copied item: by the link if this process is the queue's lone producer with one (waiting a few
   * ms for room when its consumer is behind), else to the kernel. A put never waits for long: a consumer
   * that stopped reading must not stop its producer (the item then goes through the kernel, still in order).
   */
  const send = async (s: QState, value: unknown): Promise<void> => {
    const seq = links.nextSeq(s.id, 0); // every put counts, whichever way it goes (the kernel counts alike)
    let r = links.send(s.id, 0, seq, value);
    if (r === 'full') {
      await links.room(s.id, 0, 5);
      r = links.send(s.id, 0, seq, value);
    }
    if (r !== 'sent') rt.sendAppending(s.id, 'put', value);
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
      links.listen(st(this).id);
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
        await send(s, item.value);
        await rt.breather();
        return;
      }
      links.nextSeq(s.id, 0);
      await rt.call({ op: 'obj', id: s.id, method: 'put', args: [item.value, opts?.block !== false], timeout });
    }

    /** @py multiprocessing.Queue.get */
    async get(opts?: BlockOptions): Promise<T> {
      const s = this.check();
      const block = opts?.block !== false;
      const timeout = timeoutOf(opts);
      return (await inTurn(s.id, () => take(s, block, timeout))) as T;
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
      links.listen(st(this).id);
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
      if (item.ok) await send(s, item.value);
      await rt.breather();
    }
    /** @py multiprocessing.SimpleQueue.get */
    async get(): Promise<T> {
      const s = this.check();
      return (await inTurn(s.id, () => take(s, true, null))) as T;
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
    links.listen(ref.id);
    return h;
  };
  rt.handleFactories.set('Queue', rebuild(Queue));
  rt.handleFactories.set('JoinableQueue', rebuild(JoinableQueue));
  rt.handleFactories.set('SimpleQueue', rebuild(SimpleQueue));

  return { Queue, JoinableQueue, SimpleQueue, Empty, Full };
}
