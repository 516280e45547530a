// Queue, SimpleQueue and JoinableQueue: FIFO items (copies), blocking get/put with timeouts, task accounting.
import { approxBytes } from '../../protocol/limits';
import type { Lease, ObjectId, ObjectKind, Pid } from '../../protocol/messages';
import { ItemFifo } from './itemFifo';
import { type Caller, type ObjectHost, type Parked, SyncObject, WaitQueue, err, ok } from './base';

/** The most items one lease hands a lone consumer. */
const LEASE_MAX = 256;

/** @py multiprocessing.Queue (and SimpleQueue, JoinableQueue) */
export class QueueObject extends SyncObject {
  private readonly items = new ItemFifo();
  private readonly maxsize: number;
  private readonly getters = new WaitQueue<{ parked: Parked }>();
  private readonly putters = new WaitQueue<{ parked: Parked; value: unknown; from: Pid }>();
  // Every item is counted against the run's cap on held bytes (ObjectHost.hold) from its put, blocked or not,
  // until a get() or a lessee's `took` takes it out of the kernel.
  private readonly joiners = new WaitQueue<{ parked: Parked }>();
  /** JoinableQueue: items put but not yet marked taskDone(). */
  private unfinished = 0;
  private taken = 0;
  /** Processes that have ever called get(): a lone consumer may be handed a lease of waiting items. */
  private readonly consumers = new Set<Pid>();
  /** Items handed ahead to a consumer, not yet consumed by its get(), per process, in order. */
  private readonly leases = new Map<Pid, ItemFifo>();
  private leased = 0;

  constructor(id: ObjectId, kind: ObjectKind, name: string, k: ObjectHost, opts: Record<string, unknown>) {
    super(id, kind, name, k);
    const m = Number(opts.maxsize ?? 0);
    this.maxsize = kind === 'Queue' || kind === 'JoinableQueue' ? (Number.isFinite(m) ? m : 0) : 0;
  }

  get depth(): number {
    return this.items.length;
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
    this.items.push(id, value);
    this.k.putItem(from, this.name, id, value, this.size);
    const g = this.getters.shift();
    if (g) g.parked.settle(ok({ value: this.dequeue(g.parked.pid) }));
  }

  /**
   * Hands up to 256 more waiting items to a consumer that is the only one so far, so that a get() loop
   * does not pay a round trip per item. Its runtime reports each take (`took`) when get() returns it.
   * On the wire a lease is two arrays (ids, values): cheaper to copy between threads than an object per item.
   */
  private lease(pid: Pid): Lease | undefined {
    if (this.k.leases === false || this.consumers.size !== 1 || this.depth === 0 || this.getters.peek())
      return undefined;
    const lease = this.items.take(LEASE_MAX);
    let mine = this.leases.get(pid);
    if (!mine) this.leases.set(pid, (mine = new ItemFifo()));
    mine.append(lease.ids, lease.values);
    this.leased += lease.ids.length;
    return lease;
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
  private unlease(pid: Pid, ids: readonly number[] | null): void {
    const mine = this.leases.get(pid);
    if (!mine) return;
    const back = ids ? mine.remove(ids) : { ids: mine.allIds(), values: mine.allValues() };
    if (!ids || mine.length === 0) this.leases.delete(pid);
    this.leased -= back.ids.length;
    this.items.unshift(back.ids, back.values);
    for (let g = this.getters.peek(); g && this.depth > 0; g = this.getters.peek()) {
      this.getters.shift()!.parked.settle(ok({ value: this.dequeue(g.parked.pid) }));
    }
  }

  private dequeue(pid: Pid): unknown {
    const id = this.items.firstId();
    const value = this.items.shift();
    this.k.unhold(approxBytes(value));
    this.taken++;
    this.k.takeItem(pid, this.name, id, this.size);
    // Room freed: the first blocked put() goes in.
    const p = this.putters.shift();
    if (p) {
      p.parked.settle(ok());
      this.enqueue(p.value, p.from);
    }
    return value;
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
      case 'lease':
        // A lone consumer asks ahead for more while it still takes from its lease; never waits.
        return this.k.answer(c, ok(this.consumers.has(c.pid) ? (this.lease(c.pid) ?? null) : null));
      case 'put': {
        const [value, block] = [args[0], args[1] !== false];
        const bytes = approxBytes(value);
        if (!this.k.hold(bytes)) return this.k.answer(c, this.k.memoryError());
        if (this.hasRoom()) {
          this.enqueue(value, c.pid);
          return this.k.answer(c, ok());
        }
        if (!block) {
          this.k.unhold(bytes);
          return this.k.answer(c, err('Full'));
        }
        const parked = this.k.park(c, 'put', label, () => {
          this.k.unhold(bytes);
          return err('Full');
        });
        if (parked) this.putters.push({ parked, value, from: c.pid });
        else this.k.unhold(bytes);
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
      let bytes = 0;
      for (const v of args) bytes += approxBytes(v);
      if (!this.k.hold(bytes)) return this.k.outOfMemory(pid); // its runtime should have raised at the put
      // One op may carry a batch of puts, in order. The first go to the get() calls waiting, one by one (as
      // does a last one left alone); once none waits, none can start before the batch is in: the rest go in
      // with consecutive ids, recorded in one call.
      let k = 0;
      while (k < args.length && (this.getters.peek() || k === args.length - 1)) this.enqueue(args[k++], pid);
      if (k === args.length) return;
      const rest = k ? args.slice(k) : args;
      const first = this.k.nextItemId();
      const depth = this.size + 1;
      for (let i = 0; i < rest.length; i++) this.items.push(i ? this.k.nextItemId() : first, rest[i]);
      if (this.kind === 'JoinableQueue') this.unfinished += rest.length;
      this.k.putItems(pid, this.name, first, rest, depth);
      return;
    }
    if (method === 'took') return this.took(pid, args as number[]);
    if (method === 'unlease') return this.unlease(pid, args as number[]);
    if (method === 'taskDone' && this.kind === 'JoinableQueue') {
      // One op may carry several taskDone() calls (batched by the runtime), each arg the sequence number of a
      // checked call: handle each in turn, those that leave tasks unfinished (and so release no join)
      // recorded in one call. One too many fails that call (its promise rejects), and so does each after it.
      const calls = args.length;
      for (let n = 0; n < calls; n++) {
        if (this.unfinished <= 0) {
          this.k.failChecked(pid, Number(args[n]), 'ValueError', 'task_done() called too many times');
          continue;
        }
        const quiet = Math.min(calls - n, this.unfinished - 1);
        if (quiet > 1) {
          this.unfinished -= quiet;
          this.k.tasksDone(pid, this.name, this.unfinished + quiet - 1, quiet);
          n += quiet - 1;
          continue;
        }
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
    const { ids: took, values } = mine.remove(ids);
    for (const v of values) this.k.unhold(approxBytes(v));
    this.leased -= took.length;
    this.taken += took.length;
    if (took.length) this.k.takeItems(pid, this.name, took, this.size + took.length - 1);
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
      const items = [...[...this.leases.values()].flatMap((l) => l.allIds()), ...this.items.allIds()];
      this.k.emit(0, { kind: 'untaken', pid: 0, obj: this.name, items });
    }
  }
}
