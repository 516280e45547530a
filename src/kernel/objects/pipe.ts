// Pipe: two connection ends, each with an inbox. An end reads EOF once every handle of the other end is closed
// (in every process that holds one) and its inbox is drained, as with an OS pipe.
import type { ObjectId, ObjectKind, Pid } from '../../protocol/messages';
import { type Caller, type ObjectHost, type Parked, SyncObject, WaitQueue, err, ok, summarize } from './base';

interface Msg {
  id: number;
  value: unknown;
}

/** @py multiprocessing.Pipe — both ends in one kernel object; `end` 0 and 1. */
export class PipeObject extends SyncObject {
  private readonly inbox: [Msg[], Msg[]] = [[], []];
  /** Processes holding an open handle of each end. */
  private readonly open: [Set<Pid>, Set<Pid>] = [new Set(), new Set()];
  private readonly receivers: [
    WaitQueue<{ parked: Parked; poll: boolean }>,
    WaitQueue<{ parked: Parked; poll: boolean }>,
  ] = [new WaitQueue(), new WaitQueue()];

  constructor(id: ObjectId, kind: ObjectKind, name: string, k: ObjectHost, opts: Record<string, unknown>) {
    super(id, kind, name, k);
    void opts;
  }

  override attach(pid: Pid, sub: string | undefined): void {
    super.attach(pid, sub);
    if (sub === '0' || sub === '1') this.open[Number(sub) as 0 | 1].add(pid);
    else {
      this.open[0].add(pid);
      this.open[1].add(pid);
    }
  }

  private eof(end: 0 | 1): boolean {
    return this.inbox[end].length === 0 && this.open[end === 0 ? 1 : 0].size === 0;
  }

  /** Wakes what can be woken on `end`: a receiver if a message waits, every one if EOF. */
  private wake(end: 0 | 1): void {
    const q = this.receivers[end];
    for (let w = q.peek(); w; w = q.peek()) {
      if (w.poll && (this.inbox[end].length > 0 || this.eof(end))) {
        q.shift()!.parked.settle(ok(true));
      } else if (!w.poll && this.inbox[end].length > 0) {
        q.shift()!.parked.settle(ok(this.take(w.parked.pid, end)));
      } else if (!w.poll && this.eof(end)) {
        q.shift()!.parked.settle(err('EOFError'));
      } else return;
    }
  }

  private take(pid: Pid, end: 0 | 1): unknown {
    const m = this.inbox[end].shift()!;
    this.k.emit(pid, { kind: 'take', pid, obj: this.name, item: m.id, depth: this.inbox[end].length });
    return m.value;
  }

  call(method: string, args: unknown[], c: Caller): void {
    const end = (Number(args[0]) === 1 ? 1 : 0) as 0 | 1;
    switch (method) {
      case 'recv': {
        if (this.inbox[end].length) return this.k.answer(c, ok(this.take(c.pid, end)));
        if (this.eof(end)) return this.k.answer(c, err('EOFError'));
        const parked = this.k.park(c, 'recv', `${this.name}.recv()`, () => err('EOFError'));
        if (parked) this.receivers[end].push({ parked, poll: false });
        return;
      }
      case 'poll': {
        if (this.inbox[end].length || this.eof(end)) return this.k.answer(c, ok(true));
        const parked = this.k.park(c, 'poll', `${this.name}.poll()`, () => ok(false));
        if (parked) this.receivers[end].push({ parked, poll: true });
        return;
      }
      default:
        return this.k.answer(c, err('AttributeError', `'Connection' object has no attribute '${method}'`));
    }
  }

  override op(pid: Pid, method: string, args: unknown[]): void {
    const end = (Number(args[0]) === 1 ? 1 : 0) as 0 | 1;
    if (method === 'send') {
      const to = end === 0 ? 1 : 0;
      const id = this.k.nextItemId();
      this.inbox[to].push({ id, value: args[1] });
      this.k.emit(pid, {
        kind: 'put',
        pid,
        obj: this.name,
        item: id,
        summary: summarize(args[1]),
        depth: this.inbox[to].length,
      });
      this.wake(to);
      return;
    }
    if (method === 'close') {
      this.open[end].delete(pid);
      this.wake(end === 0 ? 1 : 0);
      return;
    }
    super.op(pid, method, args);
  }

  override processGone(pid: Pid): void {
    super.processGone(pid);
    for (const end of [0, 1] as const) {
      if (this.open[end].delete(pid)) this.wake(end === 0 ? 1 : 0);
    }
  }

  override cause(pid: Pid, op: string): string {
    void op;
    const end = this.open[0].has(pid) && !this.open[1].has(pid) ? 0 : 1;
    const others = [...this.open[end === 0 ? 1 : 0]].filter((p) => p !== pid).map((p) => this.k.procName(p));
    const self = this.open[end === 0 ? 1 : 0].has(pid);
    if (self)
      return 'nothing was sent, and this process still holds the other end open itself, so it can never see EOF (close() it)';
    return others.length
      ? `nothing was sent; the other end is held by ${others.join(', ')}, which wait too`
      : 'nothing was sent';
  }

  override finish(): void {
    for (const end of [0, 1] as const) {
      if (this.inbox[end].length)
        this.k.emit(0, { kind: 'untaken', pid: 0, obj: this.name, items: this.inbox[end].map((m) => m.id) });
    }
  }
}
