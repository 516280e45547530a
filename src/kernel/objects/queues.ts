// Queue, SimpleQueue and JoinableQueue: FIFO items (copies), blocking get/put with timeouts, task accounting.
import type { ObjectId, ObjectKind, Pid } from '../../protocol/messages';
import { type Caller, type ObjectHost, type Parked, SyncObject, WaitQueue, err, ok, summarize } from './base';

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

  constructor(id: ObjectId, kind: ObjectKind, name: string, k: ObjectHost, opts: Record<string, unknown>) {
    super(id, kind, name, k);
    const m = Number(opts.maxsize ?? 0);
    this.maxsize = kind === 'Queue' || kind === 'JoinableQueue' ? (Number.isFinite(m) ? m : 0) : 0;
  }

  get depth(): number {
    return this.items.length - this.head;
  }

  private hasRoom(): boolean {
    return this.maxsize <= 0 || this.depth < this.maxsize;
  }

  private enqueue(value: unknown, from: Pid): void {
    const id = this.k.nextItemId();
    if (this.kind === 'JoinableQueue') this.unfinished++;
    this.items.push({ id, value });
    this.k.emit(from, {
      kind: 'put',
      pid: from,
      obj: this.name,
      item: id,
      summary: summarize(value),
      depth: this.depth,
    });
    const g = this.getters.shift();
    if (g) g.parked.settle(ok(this.dequeue(g.parked.pid)));
  }

  private dequeue(pid: Pid): unknown {
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined as unknown as Item;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.taken++;
    this.k.emit(pid, { kind: 'take', pid, obj: this.name, item: item.id, depth: this.depth });
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
        if (this.depth > 0) return this.k.answer(c, ok(this.dequeue(c.pid)));
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
        return this.k.answer(c, ok(this.depth));
      case 'empty':
        return this.k.answer(c, ok(this.depth === 0));
      case 'full':
        return this.k.answer(c, ok(this.maxsize > 0 && this.depth >= this.maxsize));
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
    if (method === 'put') return this.enqueue(args[0], pid);
    if (method === 'taskDone' && this.kind === 'JoinableQueue') {
      if (this.unfinished <= 0) return this.k.raise(pid, 'ValueError', 'task_done() called too many times');
      this.unfinished--;
      const releases: Pid[] = [];
      if (this.unfinished === 0) {
        for (let j = this.joiners.shift(); j; j = this.joiners.shift()) {
          releases.push(j.parked.pid);
          j.parked.settle(ok());
        }
      }
      this.k.emit(pid, { kind: 'taskDone', pid, obj: this.name, unfinished: this.unfinished, releases });
      return;
    }
    super.op(pid, method, args);
  }

  override cause(pid: Pid, op: string): string {
    void pid;
    if (op === 'join') {
      const notDone = this.unfinished - this.depth;
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
    if (this.depth > 0) {
      const items = this.items.slice(this.head).map((i) => i.id);
      this.k.emit(0, { kind: 'untaken', pid: 0, obj: this.name, items });
    }
  }
}
