// Pipe: two connection ends, each with an inbox. An end reads EOF once every handle of the other end is closed
// (in every process that holds one) and its inbox is drained, as with an OS pipe.
//
// Direct links. A direction (the messages into one end) that has had exactly one writer and one reader,
// in two different processes, gets a link of its own when the reader would otherwise wait: a
// SharedArrayBuffer ring or a MessagePort (KernelOptions.pipeLinks). Messages then go from writer to reader
// without the kernel in between (two hops fewer per message), and the kernel hears of each one afterwards:
// the writer reports `sent` (seq, summary) and the reader `took` (writer, seq), so the trace keeps every
// item from put to take. Every message carries its writer's seq, so a reader delivers a writer's messages
// in order whichever way each came (a value the ring cannot hold goes through the kernel, which forwards
// it). The reader still parks here while it waits (traced, deadlock-checked, timed out here), and cancels
// the wait itself when a message comes by the link. A second reader of the end ends the link for good:
// the writer stops using it, the reader gives back what it has not delivered, and the end is read
// through the kernel again.
import type { ObjectId, ObjectKind, Pid, PipeReaderGrant } from '../../protocol/messages';
import { PIPE_LINK_TAG } from '../../protocol/messages';
import { type Caller, type ObjectHost, type Parked, SyncObject, WaitQueue, err, ok, summarize } from './base';

interface Msg {
  id: number;
  value: unknown;
  w: Pid;
  s: number;
}

interface Receiver {
  parked: Parked;
  poll: boolean;
  /** A wait of the direct reader: how many messages it had delivered when it asked. */
  delivered: number | null;
}

interface Route {
  reader: Pid;
  writer: Pid;
  /** A ring's messages are there before their `sent` report; a port's may still be on the way. */
  mode: 'sab' | 'port';
  /** Ending: the writer was told to stop (`unwrite`) or the reader to give back (`unread`). */
  revoking: boolean;
}

type End = 0 | 1;

/** The answer to a direct reader's wait that says: a message is in your link, read it. */
const LINK_DATA = { [PIPE_LINK_TAG]: 'data' };
const other = (e: End): End => (e === 0 ? 1 : 0);

/** @py multiprocessing.Pipe — both ends in one kernel object; `end` 0 and 1. */
export class PipeObject extends SyncObject {
  private readonly inbox: [Msg[], Msg[]] = [[], []];
  /** Processes holding an open handle of each end. */
  private readonly open: [Set<Pid>, Set<Pid>] = [new Set(), new Set()];
  private readonly receivers: [WaitQueue<Receiver>, WaitQueue<Receiver>] = [new WaitQueue(), new WaitQueue()];
  /** Processes that ever read each end, and that ever wrote into it. */
  private readonly readers: [Set<Pid>, Set<Pid>] = [new Set(), new Set()];
  private readonly writers: [Set<Pid>, Set<Pid>] = [new Set(), new Set()];
  /** Messages ever sent into each end (by the kernel or a link), and the last seq seen from each writer. */
  private readonly sentTotal: [number, number] = [0, 0];
  private readonly lastSeq: [Map<Pid, number>, Map<Pid, number>] = [new Map(), new Map()];
  /** Item ids of messages outside the kernel's inbox (on a link or with the reader), by `writer:seq`. */
  private readonly away: [Map<string, number>, Map<string, number>] = [new Map(), new Map()];
  /** Takes reported before their `sent` (the two reports come from different processes). */
  private readonly earlyTakes: [Set<string>, Set<string>] = [new Set(), new Set()];
  private readonly route: [Route | null, Route | null] = [null, null];
  /** A direction whose link was ended: it stays with the kernel. */
  private readonly shared: [boolean, boolean] = [false, false];

  constructor(id: ObjectId, kind: ObjectKind, name: string, k: ObjectHost, opts: Record<string, unknown>) {
    super(id, kind, name, k);
    void opts;
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
    if (this.route[end]?.revoking) return; // the reader's undelivered messages go first: wait for them
    const q = this.receivers[end];
    for (const w of q.waiting()) {
      if (w.delivered === null) continue;
      // A direct reader is woken by its link; here only by EOF, once nothing is on its way to it.
      if (this.eof(end) && this.sentTotal[end] === w.delivered) {
        w.parked.settle(w.poll ? ok(true) : err('EOFError'));
      }
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

  private take(pid: Pid, end: End): unknown {
    const m = this.inbox[end].shift()!;
    this.k.emit(pid, { kind: 'take', pid, obj: this.name, item: m.id, depth: this.inbox[end].length });
    return m.value;
  }

  call(method: string, args: unknown[], c: Caller): void {
    const end = (Number(args[0]) === 1 ? 1 : 0) as End;
    if (method !== 'recv' && method !== 'poll') {
      return this.k.answer(c, err('AttributeError', `'Connection' object has no attribute '${method}'`));
    }
    const poll = method === 'poll';
    const label = `${this.name}.${method}()`;
    const route = this.route[end];
    if (typeof args[1] === 'number' && route?.reader === c.pid) {
      // The direct reader found nothing delivered: it waits here (traced) and on its link.
      const delivered = args[1];
      if (this.eof(end) && this.sentTotal[end] === delivered && !route.revoking) {
        return this.k.answer(c, poll ? ok(true) : err('EOFError'));
      }
      if (route.mode === 'sab' && this.sentTotal[end] > delivered && !route.revoking) {
        return this.k.answer(c, ok(LINK_DATA)); // already in the ring: read it
      }
      const parked = this.k.park(c, method, label, () => (poll ? ok(false) : err('EOFError')));
      if (parked) this.receivers[end].push({ parked, poll, delivered });
      return;
    }
    this.readers[end].add(c.pid);
    if (route && route.reader !== c.pid) this.revoke(end);
    if (!this.route[end] && this.receivers[end].size === 0 && this.inbox[end].length) {
      return this.k.answer(c, ok(poll ? true : this.take(c.pid, end)));
    }
    if (!this.route[end] && this.eof(end)) return this.k.answer(c, poll ? ok(true) : err('EOFError'));
    if (this.tryLink(end, c)) return;
    const parked = this.k.park(c, method, label, () => (poll ? ok(false) : err('EOFError')));
    if (parked) this.receivers[end].push({ parked, poll, delivered: null });
  }

  /**
   * Gives the direction into `end` a direct link if it has had one writer and one reader (the caller, who
   * would wait now): the answer to its call makes it the reader, a note makes the writer the writer.
   */
  private tryLink(end: End, c: Caller): boolean {
    if (this.shared[end] || this.route[end] || this.inbox[end].length || this.receivers[end].size) return false;
    if (this.readers[end].size !== 1 || this.writers[end].size !== 1) return false;
    const [writer] = this.writers[end];
    if (writer === undefined || writer === c.pid || !this.k.isLive(writer) || !this.open[other(end)].has(writer))
      return false;
    const link = this.k.pipeLink();
    if (!link) return false;
    this.route[end] = { reader: c.pid, writer, mode: link.reader.mode, revoking: false };
    const grant: PipeReaderGrant = {
      [PIPE_LINK_TAG]: true,
      link: link.reader,
      w: writer,
      next: (this.lastSeq[end].get(writer) ?? 0) + 1,
      delivered: this.sentTotal[end],
    };
    const ports = link.reader.mode === 'port' ? [link.reader.port] : undefined;
    this.k.answer(c, ok(grant), ports);
    this.k.tell(
      writer,
      { t: 'pipe', id: this.id, end, a: 'write', link: link.writer },
      link.writer.mode === 'port' ? [link.writer.port] : undefined,
    );
    return true;
  }

  /** A second reader: the link ends (writer first, then the reader gives back what it holds). */
  private revoke(end: End): void {
    const r = this.route[end];
    if (!r || r.revoking) return;
    r.revoking = true;
    if (this.k.isLive(r.writer)) this.k.tell(r.writer, { t: 'pipe', id: this.id, end, a: 'unwrite' });
    else this.unwritten(end, this.lastSeq[end].get(r.writer) ?? 0);
  }

  private unwritten(end: End, upTo: number): void {
    const r = this.route[end];
    if (!r) return;
    if (this.k.isLive(r.reader)) {
      this.k.tell(r.reader, { t: 'pipe', id: this.id, end, a: 'unread', w: r.writer, upTo });
    } else this.unread(end, []);
  }

  /** The reader gave back its undelivered messages: they go first, and the end is the kernel's again. */
  private unread(end: End, back: { v: unknown; w: Pid; s: number }[]): void {
    const msgs = back.map(({ v, w, s }) => {
      const key = `${w}:${s}`;
      const id = this.away[end].get(key) ?? this.k.nextItemId();
      this.away[end].delete(key);
      return { id, value: v, w, s };
    });
    this.inbox[end].unshift(...msgs);
    this.route[end] = null;
    this.shared[end] = true;
    for (const w of this.receivers[end].waiting()) w.delivered = null; // now plain waits, served from the inbox
    this.wake(end);
  }

  /** A message the kernel learned of, sent into `to` by `pid` with seq `s`: counted, traced, routed. */
  private arrived(pid: Pid, to: End, s: number, summary: string, value?: { v: unknown }): void {
    this.writers[to].add(pid);
    this.sentTotal[to]++;
    if (s > (this.lastSeq[to].get(pid) ?? 0)) this.lastSeq[to].set(pid, s);
    const id = this.k.nextItemId();
    const r = this.route[to];
    const depth = this.inbox[to].length + this.away[to].size + 1;
    this.k.emit(pid, { kind: 'put', pid, obj: this.name, item: id, summary, depth });
    if (!value) {
      // Sent by a link: the reader has it, or soon will.
      const key = `${pid}:${s}`;
      if (this.earlyTakes[to].delete(key)) this.emitTake(this.route[to]?.reader ?? pid, id, to);
      else this.away[to].set(key, id);
      // A ring reader waiting here is told too: a wake-up by the ring alone is not reliable everywhere
      // (Node 20's Atomics.waitAsync may miss one), a reply is.
      if (r?.mode === 'sab' && !r.revoking) {
        for (const w of this.receivers[to].waiting()) {
          if (w.delivered !== null && w.delivered < this.sentTotal[to]) w.parked.settle(ok(LINK_DATA));
        }
      }
      return;
    }
    if (r && !r.revoking && this.k.isLive(r.reader)) {
      // Through the kernel into an end read directly: forward it to the reader.
      this.away[to].set(`${pid}:${s}`, id);
      this.k.tell(r.reader, { t: 'pipe', id: this.id, end: to, a: 'item', w: pid, s, v: value.v });
      return;
    }
    this.inbox[to].push({ id, value: value.v, w: pid, s });
    this.wake(to);
  }

  private emitTake(pid: Pid, id: number, end: End): void {
    this.k.emit(pid, {
      kind: 'take',
      pid,
      obj: this.name,
      item: id,
      depth: this.inbox[end].length + this.away[end].size,
    });
  }

  override op(pid: Pid, method: string, args: unknown[]): void {
    switch (method) {
      case 'send': {
        const end = (Number(args[0]) === 1 ? 1 : 0) as End;
        const s = typeof args[2] === 'number' ? args[2] : 0;
        this.arrived(pid, other(end), s, summarize(args[1]), { v: args[1] });
        return;
      }
      case 'sent':
        // Reports of messages sent by a link, batched: [end, seq, summary] each.
        for (const a of args as [number, number, string][]) this.arrived(pid, other(a[0] === 1 ? 1 : 0), a[1], a[2]);
        return;
      case 'took':
        // The direct reader's recv() returned these: [end, writer, seq] each.
        for (const [e, w, s] of args as [number, Pid, number][]) {
          const end = (e === 1 ? 1 : 0) as End;
          const key = `${w}:${s}`;
          const id = this.away[end].get(key);
          if (id === undefined) this.earlyTakes[end].add(key);
          else {
            this.away[end].delete(key);
            this.emitTake(pid, id, end);
          }
        }
        return;
      case 'cancel': {
        // The direct reader got a message by its link: its wait here is over (no answer needed).
        const end = (Number(args[0]) === 1 ? 1 : 0) as End;
        for (const w of this.receivers[end].waiting()) {
          if (w.parked.pid === pid && w.delivered !== null) w.parked.settle(null);
        }
        return;
      }
      case 'unwritten': {
        const end = (Number(args[0]) === 1 ? 1 : 0) as End;
        if (this.route[end]?.writer === pid) this.unwritten(end, Number(args[1]));
        return;
      }
      case 'unread': {
        const end = (Number(args[0]) === 1 ? 1 : 0) as End;
        if (this.route[end]?.reader === pid) this.unread(end, args[1] as { v: unknown; w: Pid; s: number }[]);
        return;
      }
      case 'close': {
        const end = (Number(args[0]) === 1 ? 1 : 0) as End;
        this.open[end].delete(pid);
        this.wake(other(end));
        return;
      }
      default:
        super.op(pid, method, args);
    }
  }

  override resolvable(pid: Pid): boolean {
    for (const end of [0, 1] as const) {
      for (const w of this.receivers[end].waiting()) {
        if (w.parked.pid === pid && w.delivered !== null && this.sentTotal[end] > w.delivered) return true;
      }
    }
    return false;
  }

  override processGone(pid: Pid): void {
    super.processGone(pid);
    for (const end of [0, 1] as const) {
      const r = this.route[end];
      if (r?.reader === pid) {
        // What it held is lost with it (its items stay untaken); the writer goes back to the kernel.
        if (this.k.isLive(r.writer)) this.k.tell(r.writer, { t: 'pipe', id: this.id, end, a: 'unwrite' });
        this.route[end] = null;
        this.shared[end] = true;
      }
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
      const items = [...this.away[end].values(), ...this.inbox[end].map((m) => m.id)];
      if (items.length) this.k.emit(0, { kind: 'untaken', pid: 0, obj: this.name, items });
    }
  }
}
