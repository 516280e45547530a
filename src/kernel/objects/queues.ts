// Queue, SimpleQueue and JoinableQueue: FIFO items (copies), blocking get/put with timeouts, task accounting.
import type { ObjectId, ObjectKind, Pid } from '../../protocol/messages';
import { type Caller, type ObjectHost, type Parked, SyncObject, WaitQueue, err, ok } from './base';

interface Item {
  id: number;
  value: unknown;
}

/** @py multiprocessing.Queue (and SimpleQueue, JoinableQueue) */
export class QueueObject extends SyncObject {
  private items: Item[] = [];
  private head = 0;
  private readonly maxsize: number;
  private readonly getters = new WaitQueue<{ parked: Parked }>();
  private readonly putters = new WaitQueue<{ parked: Parked; value: unknown; from: Pid }>();
  private readonly joiners = new WaitQueue<{ parked: Parked }>();
  /** JoinableQueue: items put but not yet marked taskDone(). */
  private unfinished = 0;
  private taken = 0;
  /** Processes that have ever called get(): a lone consumer may be handed a lease of waiting items. */
  private readonly consumers = new Set<Pid>();
  /** Items handed ahead to a consumer, not yet consumed by its get(), per process, in order. */
  private readonly leases = new Map<Pid, Item[]>();
  private leased = 0;

  constructor(id: ObjectId, kind: ObjectKind, name: string, k: ObjectHost, opts: Record<string, unknown>) {
    super(id, kind, name, k);
    const m = Number(opts.maxsize ?? 0);
    this.maxsize = kind === 'Queue' || kind === 'JoinableQueue' ? (Number.isFinite(m) ? m : 0) : 0;
  }

  get depth(): number {
    return this.items.length - this.head;
  }

  /** What qsize() reports: waiting items, including those leased but not yet consumed. */
  get size(): number {
    return this.depth + this.leased;
  }

  private hasRoom(): boolean {
    return this.maxsize <= 0 || this.size < this.maxsize;
  }

  private enqueue(value: unknown, from: Pid): void {
    const id = this.k.nextItemId();
    if (this.kind === 'JoinableQueue') this.unfinished++;
    this.items.push({ id, value });
    this.k.putItem(from, this.name, id, value, this.size);
    const g = this.getters.shift();
    if (g) g.parked.settle(ok({ value: this.dequeue(g.parked.pid) }));
  }

  /**
   * Hands up to 256 more waiting items to a consumer that is the only one so far, so that a get() loop
   * does not pay a round trip per item. Its runtime reports each take (`took`) when get() returns it.
   */
  private lease(pid: Pid): { id: number; value: unknown }[] | undefined {
    if (this.consumers.size !== 1 || this.depth === 0 || this.getters.size > 0) return undefined;
    const n = Math.min(256, this.depth);
    const out = this.items.slice(this.head, this.head + n);
    this.head += n;
    this.compact();
    const mine = this.leases.get(pid) ?? [];
    mine.push(...out);
    this.leases.set(pid, mine);
    this.leased += n;
    return out;
  }

  /** Asks every other lessee to give its unconsumed items back; true if any may come. */
  private recall(pid: Pid): boolean {
    let any = false;
    for (const [holder, items] of this.leases) {
      if (holder === pid || items.length === 0) continue;
      this.k.recall(holder, this.id);
      any = true;
    }
    return any;
  }

  /** Leased items come back (recalled, or their holder ended): they go first again, in order. */
  private unlease(pid: Pid, ids: Set<number> | null): void {
    const mine = this.leases.get(pid);
    if (!mine) return;
    const back = ids ? mine.filter((i) => ids.has(i.id)) : mine;
    const keep = ids ? mine.filter((i) => !ids.has(i.id)) : [];
    if (keep.length) this.leases.set(pid, keep);
    else this.leases.delete(pid);
    this.leased -= back.length;
    this.items.splice(this.head, 0, ...back);
    for (let g = this.getters.peek(); g && this.depth > 0; g = this.getters.peek()) {
      this.getters.shift()!.parked.settle(ok({ value: this.dequeue(g.parked.pid) }));
    }
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  private dequeue(pid: Pid): unknown {
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as unknown as Item;
    this.compact();
    this.taken++;
    this.k.takeItem(pid, this.name, item.id, this.size);
    // Room freed: the first blocked put() goes in.
    const p = this.putters.shift();
    if (p) {
      p.parked.settle(ok());
      this.enqueue(p.value, p.from);
    }
    return item.value;
  }

  call(method: string, args: unknown[], c: Caller): void {
    const label = `${this.name}.${method}()`;
    switch (method) {
      case 'get': {
        const block = args[0] !== false;
        this.consumers.add(c.pid);
        if (this.depth > 0) {
          const value = this.dequeue(c.pid);
          return this.k.answer(c, ok({ value, lease: this.lease(c.pid) }));
        }
        if (this.recall(c.pid)) {
          // Items are leased to another consumer: wait for them to come back (a short round trip).
          const parked = this.k.park({ ...c, timeout: block ? c.timeout : 0.001 }, 'get', label, () => err('Empty'));
          if (parked) this.getters.push({ parked });
          return;
        }
        if (!block) return this.k.answer(c, err('Empty'));
        const parked = this.k.park(c, 'get', label, () => err('Empty'));
        if (parked) this.getters.push({ parked });
        return;
      }
      case 'put': {
        const [value, block] = [args[0], args[1] !== false];
        if (this.hasRoom()) {
          this.enqueue(value, c.pid);
          return this.k.answer(c, ok());
        }
        if (!block) return this.k.answer(c, err('Full'));
        const parked = this.k.park(c, 'put', label, () => err('Full'));
        if (parked) this.putters.push({ parked, value, from: c.pid });
        return;
      }
      case 'qsize':
        return this.k.answer(c, ok(this.size));
      case 'empty':
        return this.k.answer(c, ok(this.size === 0));
      case 'full':
        return this.k.answer(c, ok(this.maxsize > 0 && this.size >= this.maxsize));
      case 'join': {
        if (this.unfinished === 0) return this.k.answer(c, ok());
        const parked = this.k.park(c, 'join', label, () => ok());
        if (parked) this.joiners.push({ parked });
        return;
      }
      default:
        return this.k.answer(c, err('AttributeError', `'${this.kind}' object has no attribute '${method}'`));
    }
  }

  override op(pid: Pid, method: string, args: unknown[]): void {
    if (method === 'put') {
      for (const item of args) this.enqueue(item, pid); // one op may carry a batch of puts, in order
      return;
    }
    if (method === 'took') return this.took(pid, args as number[]);
    if (method === 'unlease') return this.unlease(pid, new Set(args as number[]));
    if (method === 'taskDone' && this.kind === 'JoinableQueue') {
      // One op may carry several taskDone() calls (batched by the runtime): handle each in turn.
      for (let n = 0; n < Math.max(1, args.length); n++) {
        if (this.unfinished <= 0) return this.k.raise(pid, 'ValueError', 'task_done() called too many times');
        this.unfinished--;
        const released = this.unfinished === 0 ? this.joiners.waiting() : [];
        // Recorded before the joins it releases wake, so the chart's release arrow points forward in time.
        const releases = released.map((j) => j.parked.pid);
        this.k.taskDone(pid, this.name, this.unfinished, releases);
        for (const j of released) j.parked.settle(ok());
      }
      return;
    }
    super.op(pid, method, args);
  }

  /** A lessee's get() returned these leased items. */
  private took(pid: Pid, ids: number[]): void {
    const mine = this.leases.get(pid);
    if (!mine) return;
    // Ids come in lease order: count the leading ones and drop them in one splice; search only otherwise.
    let k = 0;
    for (const id of ids) {
      if (mine[k]?.id === id) k++;
      else {
        mine.splice(0, k);
        k = 0;
        const i = mine.findIndex((m) => m.id === id);
        if (i < 0) continue;
        mine.splice(i, 1);
      }
      this.leased--;
      this.taken++;
      this.k.takeItem(pid, this.name, id, this.size);
    }
    mine.splice(0, k);
    const p = this.putters.shift();
    if (p) {
      p.parked.settle(ok());
      this.enqueue(p.value, p.from);
    }
  }

  override processGone(pid: Pid): void {
    super.processGone(pid);
    this.unlease(pid, null);
    this.consumers.delete(pid);
  }

  override cause(pid: Pid, op: string): string {
    void pid;
    if (op === 'join') {
      const notDone = this.unfinished - this.size;
      const parts: string[] = [];
      if (notDone > 0)
        parts.push(`${notDone} task${notDone === 1 ? ' was' : 's were'} taken by get() but never marked taskDone()`);
      if (this.depth > 0)
        parts.push(
          `${this.depth} item${this.depth === 1 ? ' is' : 's are'} still in the queue with nobody to get() ${this.depth === 1 ? 'it' : 'them'}`,
        );
      return parts.join('; ');
    }
    if (op === 'get') return 'the queue is empty and no process that could put() into it is running';
    if (op === 'put')
      return `the queue is full (maxsize ${this.maxsize}) and no process that could get() from it is running`;
    return '';
  }

  override finish(): void {
    if (this.size > 0) {
      const leftover = [...this.leases.values()].flat();
      const items = [...leftover, ...this.items.slice(this.head)].map((i) => i.id);
      this.k.emit(0, { kind: 'untaken', pid: 0, obj: this.name, items });
    }
  }
}
