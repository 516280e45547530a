// Queue, SimpleQueue and JoinableQueue: FIFO items (copies), blocking get/put with timeouts, task accounting.
import type { ObjectId, ObjectKind, Pid } from '../../protocol/messages';
import { QUEUE_RING_BYTES } from '../../protocol/messages';
import { type Caller, type ObjectHost, type Parked, SyncObject, WaitQueue, err, ok, summarize } from './base';
import { LINK_DATA, LinkedDirection, type Returned } from './link';

/** Ops about the direct link (src/kernel/objects/link.ts). */
const LINK_OPS: ReadonlySet<string> = new Set(['lsent', 'ltook', 'lcancel', 'lunwritten', 'lunread', 'lrelease']);

interface Item {
  id: number;
  value: unknown;
  /** Its producer and that producer's count of puts (see link.ts). */
  w: Pid;
  s: number;
}

/** @py multiprocessing.Queue (and SimpleQueue, JoinableQueue) */
export class QueueObject extends SyncObject {
  private items: Item[] = [];
  private head = 0;
  private readonly maxsize: number;
  /** Waiting get()s; `delivered` is set for the direct reader's wait (see link.ts), null for a plain one. */
  private readonly getters = new WaitQueue<{ parked: Parked; delivered: number | null; fromRing?: number }>();
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
  /**
   * Who put and who got, and the direct link from a lone producer to a lone consumer of an unbounded queue
   * (src/kernel/objects/link.ts): items then go by a ring or a port, and come here only as reports.
   */
  private readonly dir: LinkedDirection;

  constructor(id: ObjectId, kind: ObjectKind, name: string, k: ObjectHost, opts: Record<string, unknown>) {
    super(id, kind, name, k);
    const m = Number(opts.maxsize ?? 0);
    this.maxsize = kind === 'Queue' || kind === 'JoinableQueue' ? (Number.isFinite(m) ? m : 0) : 0;
    this.dir = new LinkedDirection(k, id, 0, QUEUE_RING_BYTES);
  }

  get depth(): number {
    return this.items.length - this.head;
  }

  /** What qsize() reports: waiting items, including those leased or sent by the link but not yet consumed. */
  get size(): number {
    return this.depth + this.leased + this.dir.away.size;
  }

  private hasRoom(): boolean {
    return this.maxsize <= 0 || this.size < this.maxsize;
  }

  private enqueue(value: unknown, from: Pid): void {
    // Counted like the producer counts (every put, whichever way it went); forwarded if the consumer reads by a link.
    const s = this.dir.nextSeq(from);
    const a = this.dir.arrived(from, s, { v: value });
    if (this.kind === 'JoinableQueue') this.unfinished++;
    if (a.kept) this.items.push({ id: a.id, value, w: from, s });
    this.k.emit(from, {
      kind: 'put',
      pid: from,
      obj: this.name,
      item: a.id,
      summary: summarize(value),
      depth: this.size,
    });
    if (a.kept) this.serve();
  }

  /** Hands waiting items to plain get()s, in order (not while the link's reader gives its items back). */
  private serve(): void {
    if (this.dir.route?.revoking) return;
    for (let g = this.getters.peek(); g && g.delivered === null && this.depth > 0; g = this.getters.peek()) {
      this.getters.shift()!.parked.settle(ok({ value: this.dequeue(g.parked.pid) }));
    }
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
    this.serve();
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
    this.k.emit(pid, { kind: 'take', pid, obj: this.name, item: item.id, depth: this.size });
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
        const dir = this.dir;
        if (typeof args[1] === 'number' && dir.route?.reader === c.pid) {
          // The direct reader found nothing delivered: it waits here (traced) and on its link.
          const fromRing = Number(args[2]);
          if (dir.shouldNudge(fromRing)) return this.k.answer(c, ok(LINK_DATA)); // already in the ring
          if (!block) return this.k.answer(c, err('Empty'));
          const parked = this.k.park(c, 'get', label, () => err('Empty'));
          if (parked) this.getters.push({ parked, delivered: args[1], fromRing });
          return;
        }
        this.consumers.add(c.pid);
        dir.readers.add(c.pid);
        if (dir.route && dir.route.reader !== c.pid) dir.revoke();
        if (this.maxsize <= 0 && this.leased === 0 && this.getters.size === 0 && dir.writers.size === 1) {
          // The lone consumer of a lone producer: from now on items go by a link; what waits here goes first.
          const pending = () => this.items.slice(this.head).map((m) => ({ id: m.id, v: m.value, w: m.w, s: m.s }));
          if (dir.tryLink(c, (w) => this.holders.has(w), pending)) {
            this.items = [];
            this.head = 0;
            return;
          }
        }
        if (dir.route?.revoking) {
          // The link's reader is giving its items back: they go first.
          const parked = this.k.park({ ...c, timeout: block ? c.timeout : 0.001 }, 'get', label, () => err('Empty'));
          if (parked) this.getters.push({ parked, delivered: null });
          return;
        }
        if (this.depth > 0) {
          const value = this.dequeue(c.pid);
          return this.k.answer(c, ok({ value, lease: this.lease(c.pid) }));
        }
        if (this.recall(c.pid)) {
          // Items are leased to another consumer: wait for them to come back (a short round trip).
          const parked = this.k.park({ ...c, timeout: block ? c.timeout : 0.001 }, 'get', label, () => err('Empty'));
          if (parked) this.getters.push({ parked, delivered: null });
          return;
        }
        if (!block) return this.k.answer(c, err('Empty'));
        const parked = this.k.park(c, 'get', label, () => err('Empty'));
        if (parked) this.getters.push({ parked, delivered: null });
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
    if (LINK_OPS.has(method)) return this.linkOp(pid, method, args);
    if (method === 'unlease') return this.unlease(pid, new Set(args as number[]));
    if (method === 'taskDone' && this.kind === 'JoinableQueue') {
      // One op may carry several taskDone() calls (batched by the runtime): handle each in turn.
      for (let n = 0; n < Math.max(1, args.length); n++) {
        if (this.unfinished <= 0) return this.k.raise(pid, 'ValueError', 'task_done() called too many times');
        this.unfinished--;
        const released = this.unfinished === 0 ? this.joiners.waiting() : [];
        // Recorded before the joins it releases wake, so the chart's release arrow points forward in time.
        const releases = released.map((j) => j.parked.pid);
        this.k.emit(pid, { kind: 'taskDone', pid, obj: this.name, unfinished: this.unfinished, releases });
        for (const j of released) j.parked.settle(ok());
      }
      return;
    }
    super.op(pid, method, args);
  }

  /** Reports and answers about the direct link (see link.ts). */
  private linkOp(pid: Pid, method: string, args: unknown[]): void {
    const dir = this.dir;
    const joinable = this.kind === 'JoinableQueue';
    switch (method) {
      case 'lsent':
        // Items the lone producer sent by the link: [0, seq, summary] each.
        for (const [, s, summary] of args as [number, number, string][]) {
          const a = dir.arrived(pid, s);
          if (joinable && !a.takenEarly) this.unfinished++;
          this.k.emit(pid, { kind: 'put', pid, obj: this.name, item: a.id, summary, depth: this.size });
          if (a.takenEarly)
            this.k.emit(dir.route?.reader ?? pid, {
              kind: 'take',
              pid: dir.route?.reader ?? pid,
              obj: this.name,
              item: a.id,
              depth: this.size,
            });
        }
        // A ring reader waiting here is told too: a wake-up by the ring alone is not reliable everywhere.
        for (const g of this.getters.waiting()) {
          if (g.delivered !== null && dir.shouldNudge(g.fromRing ?? 0)) g.parked.settle(ok(LINK_DATA));
        }
        return;
      case 'ltook':
        // The consumer's get() returned these: [0, producer, seq] each.
        for (const [, w, s] of args as [number, Pid, number][]) {
          this.taken++;
          const id = dir.took(w, s);
          if (id === null) {
            if (joinable) this.unfinished++; // its lsent is still on the way: count it now, for taskDone()
          } else this.k.emit(pid, { kind: 'take', pid, obj: this.name, item: id, depth: this.size });
        }
        return;
      case 'lcancel':
        // The direct reader got an item by its link: its wait here is over (no answer needed).
        for (const g of this.getters.waiting()) if (g.parked.pid === pid && g.delivered !== null) g.parked.settle(null);
        return;
      case 'lunwritten':
        if (dir.unwritten(pid, Number(args[1]))) this.linkUnread([]);
        return;
      case 'lunread':
        if (dir.route?.reader === pid) this.linkUnread(args[1] as Returned[]);
        return;
      case 'lrelease':
        // The reader is about to exit: it gives back what it did not take.
        if (dir.route?.reader === pid) dir.revoke();
        return;
      default:
        super.op(pid, method, args);
    }
  }

  /** The link's reader gave back what it had not taken: it goes first, and the queue is the kernel's again. */
  private linkUnread(back: Returned[]): void {
    this.items.splice(this.head, 0, ...this.dir.unread(back));
    for (const g of this.getters.waiting()) g.delivered = null; // now plain waits
    this.serve();
  }

  override resolvable(pid: Pid): boolean {
    return this.getters
      .waiting()
      .some((g) => g.parked.pid === pid && g.delivered !== null && this.dir.sentTotal > g.delivered);
  }

  /** A lessee's get() returned these leased items. */
  private took(pid: Pid, ids: number[]): void {
    const mine = this.leases.get(pid);
    if (!mine) return;
    for (const id of ids) {
      const i = mine.findIndex((m) => m.id === id);
      if (i < 0) continue;
      mine.splice(i, 1);
      this.leased--;
      this.taken++;
      this.k.emit(pid, { kind: 'take', pid, obj: this.name, item: id, depth: this.size });
    }
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
    this.dir.processGone(pid);
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
      const items = [...this.dir.away.values(), ...[...leftover, ...this.items.slice(this.head)].map((i) => i.id)];
      this.k.emit(0, { kind: 'untaken', pid: 0, obj: this.name, items });
    }
  }
}
