// Pipe: two connection ends, each with an inbox. An end reads EOF once every handle of the other end is closed
// (in every process that holds one) and its inbox is drained, as with an OS pipe. Each direction may get a
// direct link from its one writer to its one reader (src/kernel/objects/link.ts).
import { approxBytes } from '../../protocol/limits';
import type { ObjectId, ObjectKind, Pid } from '../../protocol/messages';
import { type Caller, type ObjectHost, type Parked, SyncObject, WaitQueue, err, ok, summarize } from './base';
import { LINK_DATA, LinkedDirection, type Returned } from './link';

interface Msg {
  id: number;
  value: unknown;
}

interface Receiver {
  parked: Parked;
  poll: boolean;
  /** A wait of the direct reader: how many messages it had delivered when it asked. */
  delivered: number | null;
}

type End = 0 | 1;

const other = (e: End): End => (e === 0 ? 1 : 0);

/** @py multiprocessing.Pipe — both ends in one kernel object; `end` 0 and 1. */
export class PipeObject extends SyncObject {
  private readonly inbox: [Msg[], Msg[]] = [[], []];
  /** Processes holding an open handle of each end. */
  private readonly open: [Set<Pid>, Set<Pid>] = [new Set(), new Set()];
  private readonly receivers: [WaitQueue<Receiver>, WaitQueue<Receiver>] = [new WaitQueue(), new WaitQueue()];
  /** Each end's direction: who wrote into it and read it, and its direct link if any. */
  private readonly dirs: [LinkedDirection, LinkedDirection];

  constructor(id: ObjectId, kind: ObjectKind, name: string, k: ObjectHost, opts: Record<string, unknown>) {
    super(id, kind, name, k);
    void opts;
    this.dirs = [new LinkedDirection(k, id, 0), new LinkedDirection(k, id, 1)];
  }

  override attach(pid: Pid, sub: string | undefined): void {
    super.attach(pid, sub);
    if (sub === '0' || sub === '1') this.open[Number(sub) as End].add(pid);
    else {
      this.open[0].add(pid);
      this.open[1].add(pid);
    }
  }

  private eof(end: End): boolean {
    return this.inbox[end].length === 0 && this.open[other(end)].size === 0;
  }

  /** Wakes what can be woken on `end`: a receiver if a message waits, every one if EOF. */
  private wake(end: End): void {
    const dir = this.dirs[end];
    if (dir.route?.revoking) return; // the reader's undelivered messages go first: wait for them
    const q = this.receivers[end];
    for (const w of q.waiting()) {
      if (w.delivered === null) continue;
      // A direct reader is woken by its link; here only by EOF, once nothing is on its way to it.
      if (this.eof(end) && dir.sentTotal === w.delivered) w.parked.settle(w.poll ? ok(true) : err('EOFError'));
    }
    for (let w = q.peek(); w; w = q.peek()) {
      if (w.delivered !== null) return;
      if (w.poll && (this.inbox[end].length > 0 || this.eof(end))) {
        q.shift()!.parked.settle(ok(true));
      } else if (!w.poll && this.inbox[end].length > 0) {
        q.shift()!.parked.settle(ok(this.take(w.parked.pid, end)));
      } else if (!w.poll && this.eof(end)) {
        q.shift()!.parked.settle(err('EOFError'));
      } else return;
    }
  }

  /** Messages sent into `end` and not yet taken: in the inbox, on a link or with its reader. */
  private depth(end: End): number {
    return this.inbox[end].length + this.dirs[end].away.size;
  }

  private take(pid: Pid, end: End): unknown {
    const m = this.inbox[end].shift()!;
    this.k.unhold(approxBytes(m.value));
    this.k.emit(pid, { kind: 'take', pid, obj: this.name, item: m.id, depth: this.depth(end) });
    return m.value;
  }

  call(method: string, args: unknown[], c: Caller): void {
    const end = (Number(args[0]) === 1 ? 1 : 0) as End;
    if (method !== 'recv' && method !== 'poll') {
      return this.k.answer(c, err('AttributeError', `'Connection' object has no attribute '${method}'`));
    }
    const poll = method === 'poll';
    const label = `${this.name}.${method}()`;
    const dir = this.dirs[end];
    const route = dir.route;
    if (typeof args[1] === 'number' && route?.reader === c.pid) {
      // The direct reader found nothing delivered: it waits here (traced) and on its link.
      const delivered = args[1];
      if (this.eof(end) && dir.sentTotal === delivered && !route.revoking) {
        return this.k.answer(c, poll ? ok(true) : err('EOFError'));
      }
      if (dir.shouldNudge(delivered)) return this.k.answer(c, ok(LINK_DATA)); // already in the ring: read it
      const parked = this.k.park(c, method, label, () => (poll ? ok(false) : err('EOFError')));
      if (parked) this.receivers[end].push({ parked, poll, delivered });
      return;
    }
    dir.readers.add(c.pid);
    if (route && route.reader !== c.pid) dir.revoke();
    if (!dir.route && this.receivers[end].size === 0 && this.inbox[end].length) {
      return this.k.answer(c, ok(poll ? true : this.take(c.pid, end)));
    }
    if (!dir.route && this.eof(end)) return this.k.answer(c, poll ? ok(true) : err('EOFError'));
    const idle = !this.inbox[end].length && !this.receivers[end].size;
    if (idle && dir.tryLink(c, (w) => this.open[other(end)].has(w))) return;
    const parked = this.k.park(c, method, label, () => (poll ? ok(false) : err('EOFError')));
    if (parked) this.receivers[end].push({ parked, poll, delivered: null });
  }

  /** The reader gave back what it had not delivered: it goes first, and the end is the kernel's again. */
  private unread(end: End, back: Returned[]): void {
    const msgs = this.dirs[end].unread(back);
    for (const m of msgs) this.k.hold(approxBytes(m.value), true);
    this.inbox[end].unshift(...msgs);
    for (const w of this.receivers[end].waiting()) w.delivered = null; // now plain waits, served from the inbox
    this.wake(end);
  }

  override op(pid: Pid, method: string, args: unknown[]): void {
    const end = (Number(args[0]) === 1 ? 1 : 0) as End; // lsent and ltook carry one per report
    switch (method) {
      case 'send': {
        const to = other(end);
        const dir = this.dirs[to];
        // Counted against the run's cap on held bytes while it waits in the inbox (not once on its way by a link).
        if (!this.k.hold(approxBytes(args[1]))) return this.k.outOfMemory(pid); // its runtime should have raised
        const a = dir.arrived(pid, dir.nextSeq(pid), { v: args[1] });
        if (a.kept) this.inbox[to].push({ id: a.id, value: args[1] });
        else this.k.unhold(approxBytes(args[1]));
        const summary = summarize(args[1]);
        this.k.emit(pid, { kind: 'put', pid, obj: this.name, item: a.id, summary, depth: this.depth(to) });
        if (a.kept) this.wake(to);
        return;
      }
      case 'lsent':
        // Reports of messages sent by a link, batched: [end it went into, seq, summary] each.
        for (const [e, s, summary] of args as [number, number, string][]) {
          const to = (e === 1 ? 1 : 0) as End;
          const dir = this.dirs[to];
          const a = dir.arrived(pid, s);
          this.k.emit(pid, { kind: 'put', pid, obj: this.name, item: a.id, summary, depth: this.depth(to) });
          if (a.takenEarly) this.emitTake(dir.route?.reader ?? pid, a.id, to);
          // A ring reader waiting here is told too: a wake-up by the ring alone is not reliable everywhere
          // (Node 20's Atomics.waitAsync may miss one), a reply is.
          for (const w of this.receivers[to].waiting()) {
            if (w.delivered !== null && dir.shouldNudge(w.delivered)) w.parked.settle(ok(LINK_DATA));
          }
        }
        return;
      case 'ltook':
        // The direct reader's recv() returned these: [end, writer, seq] each.
        for (const [e, w, s] of args as [number, Pid, number][]) {
          const at = (e === 1 ? 1 : 0) as End;
          const id = this.dirs[at].took(w, s);
          if (id !== null) this.emitTake(pid, id, at);
        }
        return;
      case 'lcancel':
        // The direct reader got a message by its link: its wait here is over (no answer needed).
        for (const w of this.receivers[end].waiting()) {
          if (w.parked.pid === pid && w.delivered !== null) w.parked.settle(null);
        }
        return;
      case 'lunwritten':
        if (this.dirs[end].unwritten(pid, Number(args[1]))) this.unread(end, []);
        return;
      case 'lunread':
        if (this.dirs[end].route?.reader === pid) this.unread(end, args[1] as Returned[]);
        return;
      case 'lrelease':
        // The reader is about to exit: what it did not take stays in the pipe (another holder may read it).
        if (this.dirs[end].route?.reader === pid) this.dirs[end].revoke();
        return;
      case 'close':
        this.open[end].delete(pid);
        this.wake(other(end));
        return;
      default:
        super.op(pid, method, args);
    }
  }

  private emitTake(pid: Pid, id: number, end: End): void {
    this.k.emit(pid, { kind: 'take', pid, obj: this.name, item: id, depth: this.depth(end) });
  }

  override resolvable(pid: Pid): boolean {
    for (const end of [0, 1] as const) {
      for (const w of this.receivers[end].waiting()) {
        if (w.parked.pid === pid && w.delivered !== null && this.dirs[end].sentTotal > w.delivered) return true;
      }
    }
    return false;
  }

  override processGone(pid: Pid): void {
    super.processGone(pid);
    for (const end of [0, 1] as const) {
      if (this.dirs[end].writerGone(pid)) this.unread(end, []);
      this.dirs[end].processGone(pid);
    }
    for (const end of [0, 1] as const) {
      if (this.open[end].delete(pid)) this.wake(other(end));
    }
  }

  override cause(pid: Pid, op: string): string {
    void op;
    const end = this.open[0].has(pid) && !this.open[1].has(pid) ? 0 : 1;
    const others = [...this.open[other(end)]].filter((p) => p !== pid).map((p) => this.k.procName(p));
    const self = this.open[other(end)].has(pid);
    if (self)
      return 'nothing was sent, and this process still holds the other end open itself, so it can never see EOF (close() it)';
    return others.length
      ? `nothing was sent; the other end is held by ${others.join(', ')}, which wait too`
      : 'nothing was sent';
  }

  override finish(): void {
    for (const end of [0, 1] as const) {
      const items = [...this.dirs[end].away.values(), ...this.inbox[end].map((m) => m.id)];
      if (items.length) this.k.emit(0, { kind: 'untaken', pid: 0, obj: this.name, items });
    }
  }
}
