// Pipe and its two Connection ends. send() never waits; recv() and poll() do.
//
// A direction with one writer and one reader gets a direct link (see src/kernel/objects/pipe.ts): the
// writer puts messages in a SharedArrayBuffer ring or posts them on a MessagePort, the reader takes them
// from there, and both report to the kernel afterwards (`sent`, `took`). Every message carries its
// writer's seq so that the reader delivers them in order whichever way each came.
import type { KernelToProc, PipeLink, PipeReaderGrant, Pid } from '../../protocol/messages';
import { PIPE_LINK_TAG } from '../../protocol/messages';
import { summarize } from '../../protocol/summary';
import { EOFError, OSError, errorFromWire } from '../errors';
import type { ProcessRuntime } from '../runtime';
import { HANDLE, type HandleRef } from '../serialize';
import { type ClockMapping, PipeRing } from './pipeRing';

interface CState {
  id: string;
  end: 0 | 1;
  readable: boolean;
  writable: boolean;
  closed: boolean;
}

/** A message as the reader holds it: its (encoded) value, writer and the writer's seq. */
interface Item {
  v: unknown;
  w: Pid;
  s: number;
}

interface PortLike {
  postMessage(m: unknown): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  close(): void;
  unref?: () => void;
}

interface Reader {
  ring: PipeRing | null;
  port: PortLike | null;
  /** The writer at the other end of the link, and the seq of its next message to deliver. */
  w: Pid;
  next: number;
  /** That writer's messages that came ahead of an earlier one (by the other way), by seq. */
  held: Map<number, Item>;
  buf: Item[];
  head: number;
  /** Messages delivered since the kernel started counting (see PipeReaderGrant.delivered). */
  delivered: number;
  wake: (() => void) | null;
  /** The kernel asked for the undelivered messages back once the writer's seq `upTo` has come. */
  unreadUpTo: number | null;
}

interface Writer {
  ring: PipeRing | null;
  port: PortLike | null;
  out: { s: number; v: unknown; c?: ClockMapping }[];
  lastClock: ClockMapping | null;
}

/** Microseconds a ring reader busy-waits before it waits on the kernel and its link (a reply is often that close). */
const SPIN_US = 200;

export function makePipes(rt: ProcessRuntime) {
  const states = new WeakMap<object, CState>();
  const st = (c: object) => states.get(c)!;
  /** Per direction (`id/end` of the end it goes into): this process's last seq as a writer, its links. */
  const seqs = new Map<string, number>();
  const readers = new Map<string, Reader>();
  const writers = new Map<string, Writer>();
  /** One recv()/poll() at a time per end in this process (a direct reader's waits must not overlap). */
  const turns = new Map<string, Promise<unknown>>();

  const keyOf = (id: string, into: 0 | 1) => `${id}/${into}`;

  const adopt = (clock: ClockMapping | null | undefined) => {
    if (clock && clock.wall > rt.clock.wall) rt.clock = clock;
  };

  const deliver = (id: string, end: 0 | 1, r: Reader, it: Item) => {
    if (it.w === r.w) {
      if (it.s > r.next) {
        r.held.set(it.s, it);
        return;
      }
      r.buf.push(it);
      r.delivered++;
      r.next = Math.max(r.next, it.s + 1);
      for (let h = r.held.get(r.next); h; h = r.held.get(r.next)) {
        r.held.delete(r.next);
        r.buf.push(h);
        r.delivered++;
        r.next++;
      }
    } else {
      r.buf.push(it);
      r.delivered++;
    }
    if (r.unreadUpTo !== null) giveBack(id, end, r);
  };

  const pump = (id: string, end: 0 | 1, r: Reader) => {
    if (!r.ring) return;
    for (let m = r.ring.read(); m; m = r.ring.read()) {
      adopt(m.clock);
      deliver(id, end, r, { v: m.v, w: r.w, s: m.s });
    }
  };

  /** Once the writer's messages up to the asked seq are here: every undelivered one goes back to the kernel. */
  const giveBack = (id: string, end: 0 | 1, r: Reader) => {
    const upTo = r.unreadUpTo;
    if (upTo === null) return;
    r.unreadUpTo = null; // pump() delivers, and deliver() would come back here
    pump(id, end, r);
    if (r.next <= upTo) {
      r.unreadUpTo = upTo; // the rest is still on its way by the port
      return;
    }
    const back = r.buf.slice(r.head).concat([...r.held.values()].sort((a, b) => a.s - b.s));
    readers.delete(keyOf(id, end));
    if (r.port) r.port.onmessage = null;
    rt.send({ t: 'op', id, method: 'unread', args: [end, back] });
  };

  const installReader = (id: string, end: 0 | 1, g: PipeReaderGrant) => {
    const r: Reader = {
      ring: g.link.mode === 'sab' ? new PipeRing(g.link.sab) : null,
      port: g.link.mode === 'port' ? (g.link.port as PortLike) : null,
      w: g.w,
      next: g.next,
      held: new Map(),
      buf: [],
      head: 0,
      delivered: g.delivered,
      wake: null,
      unreadUpTo: null,
    };
    if (r.port) {
      r.port.onmessage = (e) => {
        for (const m of e.data as { s: number; v: unknown; c?: ClockMapping }[]) {
          adopt(m.c);
          deliver(id, end, r, { v: m.v, w: r.w, s: m.s });
        }
        r.wake?.();
      };
      r.port.unref?.(); // Node: a link never keeps a worker alive
    }
    readers.set(keyOf(id, end), r);
  };

  const installWriter = (key: string, link: PipeLink) => {
    const w: Writer = {
      ring: link.mode === 'sab' ? new PipeRing(link.sab) : null,
      port: link.mode === 'port' ? (link.port as PortLike) : null,
      out: [],
      lastClock: null,
    };
    w.port?.unref?.();
    writers.set(key, w);
  };

  const flushPorts = () => {
    for (const w of writers.values()) if (w.port && w.out.length) w.port.postMessage(w.out.splice(0));
  };
  rt.flushHooks.add(flushPorts);

  rt.onPipe = (msg: KernelToProc & { t: 'pipe' }) => {
    const key = keyOf(msg.id, msg.end);
    switch (msg.a) {
      case 'write':
        installWriter(key, msg.link);
        return;
      case 'unwrite': {
        const w = writers.get(key);
        if (!w) return;
        if (w.port && w.out.length) w.port.postMessage(w.out.splice(0));
        writers.delete(key);
        rt.send({ t: 'op', id: msg.id, method: 'unwritten', args: [msg.end, seqs.get(key) ?? 0] });
        return;
      }
      case 'item': {
        const r = readers.get(key);
        if (!r) return;
        deliver(msg.id, msg.end, r, { v: msg.v, w: msg.w, s: msg.s });
        r.wake?.();
        return;
      }
      case 'unread': {
        const r = readers.get(key);
        if (!r) return;
        r.unreadUpTo = msg.upTo;
        giveBack(msg.id, msg.end, r); // now, or when the rest has come by the link
        return;
      }
    }
  };

  /** Waits up to `ms` for something on the reader's link: true if it came. */
  const onLinkWithin = (r: Reader, ms: number): Promise<boolean> =>
    new Promise((res) => {
      const timer = setTimeout(() => {
        r.wake = null;
        res(false);
      }, ms);
      r.wake = () => {
        clearTimeout(timer);
        r.wake = null;
        res(true);
      };
      if (r.ring) void r.ring.wait().then(() => r.wake?.());
    });

  /** Serialises recv()/poll() per end in this process. */
  const inTurn = <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const prev = turns.get(key);
    const p = prev ? prev.then(fn, fn) : fn();
    const settled = p.then(
      () => {},
      () => {},
    );
    turns.set(key, settled);
    void settled.then(() => {
      if (turns.get(key) === settled) turns.delete(key);
    });
    return p;
  };

  const isLinkData = (v: unknown): boolean =>
    typeof v === 'object' && v !== null && (v as Record<string, unknown>)[PIPE_LINK_TAG] === 'data';
  const isGrant = (v: unknown): v is PipeReaderGrant =>
    typeof v === 'object' && v !== null && (v as Record<string, unknown>)[PIPE_LINK_TAG] === true;

  /** recv() or poll(): by the direct link when this process is the end's reader, else through the kernel. */
  const receive = async (s: CState, poll: boolean, timeout: number | null): Promise<unknown> => {
    const key = keyOf(s.id, s.end);
    for (;;) {
      const r = readers.get(key);
      if (!r) {
        const v = await rt.call({ op: 'obj', id: s.id, method: poll ? 'poll' : 'recv', args: [s.end], timeout });
        if (isGrant(v)) {
          installReader(s.id, s.end, v);
          continue;
        }
        return poll ? v : rt.decodeItem(v);
      }
      pump(s.id, s.end, r);
      if (r.head === r.buf.length && r.ring?.spin(SPIN_US)) pump(s.id, s.end, r);
      if (r.head < r.buf.length) {
        if (poll) return true;
        const it = r.buf[r.head]!;
        r.buf[r.head++] = undefined as unknown as Item;
        if (r.head > 1024 && r.head * 2 > r.buf.length) {
          r.buf = r.buf.slice(r.head);
          r.head = 0;
        }
        rt.sendAppending(s.id, 'took', [s.end, it.w, it.s]);
        return rt.decodeItem(it.v);
      }
      // Nothing here yet: first a moment on the link alone (a reply that close needs no kernel), then on the
      // kernel too (the wait is traced and deadlock-checked there; EOF and timeouts come from there).
      rt.flush(); // what this process sent (a reply by a port link, reports) goes out before it waits
      if ((!poll || timeout === null) && rt.linkQuietMs > 0 && (await onLinkWithin(r, rt.linkQuietMs))) continue;
      const call = rt.startCall({
        op: 'obj',
        id: s.id,
        method: poll ? 'poll' : 'recv',
        args: [s.end, r.delivered],
        timeout: poll ? timeout : null,
      });
      const came = new Promise<null>((res) => {
        r.wake = () => res(null);
        if (r.ring) void r.ring.wait().then(() => res(null));
      });
      const answer = await Promise.race([call.answer, came]);
      r.wake = null;
      if (answer === null) {
        // Something came by the link: the kernel's wait is over.
        call.drop();
        if (readers.get(key) === r) rt.send({ t: 'op', id: s.id, method: 'cancel', args: [s.end] });
        continue;
      }
      if (!answer.ok) throw errorFromWire(answer.error.name, answer.error.message, answer.error.traceback);
      if (isLinkData(answer.value)) continue; // the kernel says a message is in the ring (a missed wake-up)
      if (readers.get(key) !== r) return poll ? answer.value : rt.decodeItem(answer.value); // the link ended meanwhile
      if (poll) return answer.value;
    }
  };

  /** @py multiprocessing.connection.Connection */
  class Connection<T = unknown> {
    private check(): CState {
      const s = st(this);
      if (s.closed) throw new OSError('handle is closed');
      return s;
    }
    /** @py Connection.send — the object is copied now; a function travels by name. */
    send(obj: T): void {
      const s = this.check();
      if (!s.writable) throw new OSError('connection is read-only');
      const into = s.end === 0 ? 1 : 0;
      const key = keyOf(s.id, into);
      const seq = (seqs.get(key) ?? 0) + 1;
      seqs.set(key, seq);
      const v = rt.encodeItem(obj);
      const w = writers.get(key);
      if (w) {
        const clock = w.lastClock === rt.clock ? null : rt.clock;
        let sent = false;
        if (w.ring) sent = w.ring.write(seq, v, clock);
        else if (w.port) {
          w.out.push(clock ? { s: seq, v, c: clock } : { s: seq, v });
          rt.requestFlush();
          sent = true;
        }
        if (sent) {
          w.lastClock = rt.clock;
          rt.sendAppending(s.id, 'sent', [s.end, seq, summarize(v)]);
          return;
        }
      }
      rt.send({ t: 'op', id: s.id, method: 'send', args: [s.end, v, seq] });
    }
    /** @py Connection.recv — EOFError once the other end is closed everywhere and nothing is left. */
    async recv(): Promise<T> {
      const s = this.check();
      if (!s.readable) throw new OSError('connection is write-only');
      return (await inTurn(keyOf(s.id, s.end), () => receive(s, false, null))) as T;
    }
    /** @py Connection.poll — whether there is something to recv(); waits up to `timeout` seconds (default 0; null forever). */
    async poll(timeout: number | null = 0): Promise<boolean> {
      const s = this.check();
      if (!s.readable) throw new OSError('connection is write-only');
      return (await inTurn(keyOf(s.id, s.end), () => receive(s, true, timeout))) as boolean;
    }
    /** @py Connection.close — this process's handle; the reader sees EOF when no process holds this end open. */
    close(): void {
      const s = st(this);
      if (s.closed) return;
      s.closed = true;
      rt.send({ t: 'op', id: s.id, method: 'close', args: [s.end] });
    }
    get closed(): boolean {
      return st(this).closed;
    }
    get readable(): boolean {
      return st(this).readable;
    }
    get writable(): boolean {
      return st(this).writable;
    }
    [HANDLE](): HandleRef {
      const s = st(this);
      return { kind: 'Connection', id: `${s.id}/${s.end}`, extra: { readable: s.readable, writable: s.writable } };
    }
    toString(): string {
      const s = st(this);
      return `<Connection ${rt.objectName(s.id, 'Pipe')} end ${s.end}>`;
    }
  }

  const make = (id: string, end: 0 | 1, readable: boolean, writable: boolean) => {
    const c = Object.create(Connection.prototype) as Connection;
    states.set(c, { id, end, readable, writable, closed: false });
    return c;
  };

  /** @py multiprocessing.Pipe — `[a, b]`; with duplex false, `a` only receives and `b` only sends. */
  function Pipe<T = unknown>(duplex = true): [Connection<T>, Connection<T>] {
    const holder = {};
    const id = rt.newObject('Connection', { duplex }, holder);
    return [make(id, 0, true, duplex) as Connection<T>, make(id, 1, duplex, true) as Connection<T>];
  }

  rt.handleFactories.set('Connection', (ref) => {
    const [id, end] = ref.id.split('/') as [string, string];
    return make(id, end === '1' ? 1 : 0, ref.extra?.readable === true, ref.extra?.writable === true);
  });

  return { Pipe, Connection, EOFError };
}
