// Direct links, a process's side (the kernel's side and the protocol: src/kernel/objects/link.ts). A writer
// puts messages in a SharedArrayBuffer ring or posts them on a MessagePort and reports each (`lsent`); a
// reader takes them from there and reports each take (`ltook`). Every message carries its writer's seq, so
// the reader delivers a writer's messages in order whichever way each came (by the link, or forwarded by
// the kernel). Used by pipes, a direction per end (queues were tried and measured slower: see docs/BENCHMARKS.md).
import type { Call, KernelToProc, PipeLink, PipeReaderGrant, Pid } from '../../protocol/messages';
import { PIPE_LINK_TAG } from '../../protocol/messages';
import { summarize } from '../../protocol/summary';
import { errorFromWire } from '../errors';
import type { ProcessRuntime } from '../runtime';
import { type ClockMapping, PipeRing } from './pipeRing';

/** A message as the reader holds it: its (encoded) value, writer and the writer's seq. */
export interface LinkItem {
  v: unknown;
  w: Pid;
  s: number;
}

interface PortLike {
  postMessage(m: unknown): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  unref?: () => void;
}

interface Reader {
  ring: PipeRing | null;
  port: PortLike | null;
  /** The writer at the other end of the link, and the seq of its next message to deliver. */
  w: Pid;
  next: number;
  /** That writer's messages that came ahead of an earlier one (by the other way), by seq. */
  held: Map<number, LinkItem>;
  buf: LinkItem[];
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

/** How a read by the link ended: a message, a plain answer from the kernel, or no link (any more). */
export type LinkRead = { item: LinkItem } | { ready: true } | { answer: unknown } | { gone: true };

/** Microseconds a ring reader busy-waits before it waits on its link (a reply is often that close). */
const SPIN_US = 200;

export const isGrant = (v: unknown): v is PipeReaderGrant =>
  typeof v === 'object' && v !== null && (v as Record<string, unknown>)[PIPE_LINK_TAG] === true;
const isLinkData = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && (v as Record<string, unknown>)[PIPE_LINK_TAG] === 'data';

export class Links {
  /** Per direction (`id/end`): this process's last seq as a writer, its links as a reader and a writer. */
  private readonly seqs = new Map<string, number>();
  private readonly readers = new Map<string, Reader>();
  private readonly writers = new Map<string, Writer>();
  /**
   * Notes for a reader not installed yet: the grant comes as the answer to a call, and the code awaiting it
   * runs after the rest of the batch it came in (which may already forward a message to the new reader).
   */
  private readonly early = new Map<string, (KernelToProc & { t: 'link' })[]>();

  private portFlushQueued = false;
  /**
   * Posts what port writers hold once the code running now yields: a synchronous burst of sends goes as one
   * message, and a reply goes at once (a microtask, not a task: posting a message to itself to end the task
   * would cost as much as the reply).
   */
  private requestPortFlush(): void {
    if (this.portFlushQueued) return;
    this.portFlushQueued = true;
    queueMicrotask(() => {
      this.portFlushQueued = false;
      this.rt.flushLinks();
    });
  }

  constructor(private readonly rt: ProcessRuntime) {
    rt.flushHooks.add(() => {
      for (const w of this.writers.values()) if (w.port && w.out.length) w.port.postMessage(w.out.splice(0));
    });
    rt.beforeExit = () => this.releaseAll();
  }

  private released: (() => void) | null = null;
  /** releaseAll ran: the exit it held up goes on, whatever came of it. */
  private releasing = false;

  /**
   * At exit: every direction this process reads by a link is handed back to the kernel with what it did
   * not take (the kernel ends the link as for a second reader). Null when there is none. Gives up after a
   * second (a writer that never lets its event loop run cannot stop sending), for good: the exit then goes on
   * with what was not handed back lost, as a reader's is when it dies.
   */
  private releaseAll(): Promise<void> | null {
    if (this.readers.size === 0 || this.releasing) return null;
    this.releasing = true;
    for (const key of this.readers.keys()) {
      const cut = key.lastIndexOf('/');
      this.rt.send({ t: 'op', id: key.slice(0, cut), method: 'lrelease', args: [Number(key.slice(cut + 1))] });
    }
    this.rt.flush();
    return new Promise((res) => {
      const timer = setTimeout(() => {
        this.released = null;
        res();
      }, 1000);
      this.released = () => {
        clearTimeout(timer);
        this.released = null;
        res();
      };
    });
  }

  /** The seq of this process's next message into a direction (every message counts, whichever way it goes). */
  nextSeq(id: string, end: 0 | 1): number {
    const key = `${id}/${end}`;
    const seq = (this.seqs.get(key) ?? 0) + 1;
    this.seqs.set(key, seq);
    return seq;
  }

  /** Sends by the link if this process is the direction's writer and the value fits; false: send through the kernel. */
  send(id: string, end: 0 | 1, seq: number, v: unknown): boolean {
    const w = this.writers.get(`${id}/${end}`);
    if (!w) return false;
    const rt = this.rt;
    const clock = w.lastClock === rt.clock ? null : rt.clock;
    if (w.ring) {
      // The reader sees a ring's message at once: what this process told the kernel before must go first.
      rt.flushEager();
      if (!w.ring.write(seq, v, clock)) return false;
    } else if (w.port) {
      w.out.push(clock ? { s: seq, v, c: clock } : { s: seq, v });
      this.requestPortFlush();
    } else return false;
    w.lastClock = rt.clock;
    // A port link's report may reach the kernel a moment later; a ring's goes with this task's batch, since
    // its reader may be waiting in the kernel for it (Node 20's waitAsync can miss a wake-up).
    rt.sendAppending(id, 'lsent', [end, seq, summarize(v)], !!w.port);
    return true;
  }

  isReader(id: string, end: 0 | 1): boolean {
    return this.readers.has(`${id}/${end}`);
  }

  /** This process is the direction's reader from now on (the kernel's answer to its wait). */
  installReader(id: string, end: 0 | 1, g: PipeReaderGrant): void {
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
          this.adopt(m.c);
          this.deliver(id, end, r, { v: m.v, w: r.w, s: m.s });
        }
        r.wake?.();
      };
      r.port.unref?.(); // Node: a link never keeps a worker alive
    }
    const key = `${id}/${end}`;
    this.readers.set(key, r);
    this.listen(id);
    const early = this.early.get(key);
    this.early.delete(key);
    for (const msg of early ?? []) this.onNote(msg);
  }

  private installWriter(id: string, end: 0 | 1, link: PipeLink): void {
    const w: Writer = {
      ring: link.mode === 'sab' ? new PipeRing(link.sab) : null,
      port: link.mode === 'port' ? (link.port as PortLike) : null,
      out: [],
      lastClock: null,
    };
    w.port?.unref?.();
    this.writers.set(`${id}/${end}`, w);
  }

  /** Makes this module hear the kernel's notes about object `id`. */
  listen(id: string): void {
    if (!this.rt.linkHandlers.has(id)) this.rt.linkHandlers.set(id, (msg) => this.onNote(msg));
  }

  private onNote(msg: KernelToProc & { t: 'link' }): void {
    const key = `${msg.id}/${msg.end}`;
    switch (msg.a) {
      case 'write':
        this.installWriter(msg.id, msg.end, msg.link);
        return;
      case 'unwrite': {
        const w = this.writers.get(key);
        if (!w) return;
        if (w.port && w.out.length) w.port.postMessage(w.out.splice(0));
        this.writers.delete(key);
        this.rt.send({ t: 'op', id: msg.id, method: 'lunwritten', args: [msg.end, this.seqs.get(key) ?? 0] });
        return;
      }
      case 'item': {
        const r = this.readerOrKeep(key, msg);
        if (!r) return;
        this.deliver(msg.id, msg.end, r, { v: msg.v, w: msg.w, s: msg.s });
        r.wake?.();
        return;
      }
      case 'unread': {
        const r = this.readerOrKeep(key, msg);
        if (!r) return;
        r.unreadUpTo = msg.upTo;
        this.giveBack(msg.id, msg.end, r); // now, or when the rest has come by the port
        return;
      }
    }
  }

  /** The direction's reader, or null after keeping `msg` for when it is installed (see `early`). */
  private readerOrKeep(key: string, msg: KernelToProc & { t: 'link' }): Reader | null {
    const r = this.readers.get(key);
    if (!r) this.early.set(key, [...(this.early.get(key) ?? []), msg]);
    return r ?? null;
  }

  private adopt(clock: ClockMapping | null | undefined): void {
    if (clock && clock.wall > this.rt.clock.wall) this.rt.clock = clock;
  }

  private deliver(id: string, end: 0 | 1, r: Reader, it: LinkItem): void {
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
    if (r.unreadUpTo !== null) this.giveBack(id, end, r);
  }

  private pump(id: string, end: 0 | 1, r: Reader): void {
    if (!r.ring) return;
    for (let m = r.ring.read(); m; m = r.ring.read()) {
      this.adopt(m.clock);
      this.deliver(id, end, r, { v: m.v, w: r.w, s: m.s });
    }
  }

  /** Once the writer's messages up to the asked seq are here: every undelivered one goes back to the kernel. */
  private giveBack(id: string, end: 0 | 1, r: Reader): void {
    const upTo = r.unreadUpTo;
    if (upTo === null) return;
    r.unreadUpTo = null; // pump() delivers, and deliver() would come back here
    this.pump(id, end, r);
    if (r.next <= upTo) {
      r.unreadUpTo = upTo; // the rest is still on its way by the port
      return;
    }
    const back = r.buf.slice(r.head).concat([...r.held.values()].sort((a, b) => a.s - b.s));
    this.readers.delete(`${id}/${end}`);
    if (r.port) r.port.onmessage = null;
    this.rt.send({ t: 'op', id, method: 'lunread', args: [end, back] });
    if (this.readers.size === 0) this.released?.();
  }

  /**
   * The next message of a direction this process reads by its link: delivered ones first, then a short
   * spin on a ring, then a moment on the link alone, then a wait on the kernel and the link at once (the
   * wait is traced and deadlock-checked there; EOF, Empty and timeouts come from there). `poll`: only say
   * whether one is there. `timeout` 0 never waits.
   */
  async read(
    id: string,
    end: 0 | 1,
    poll: boolean,
    timeout: number | null,
    call: (delivered: number) => Call,
  ): Promise<LinkRead> {
    const rt = this.rt;
    const key = `${id}/${end}`;
    for (;;) {
      const r = this.readers.get(key);
      if (!r) return { gone: true };
      this.pump(id, end, r);
      if (r.head === r.buf.length && timeout !== 0 && r.ring?.spin(SPIN_US)) this.pump(id, end, r);
      if (r.head < r.buf.length) {
        if (poll) return { ready: true };
        const it = r.buf[r.head]!;
        r.buf[r.head++] = undefined as unknown as LinkItem;
        if (r.head > 1024 && r.head * 2 > r.buf.length) {
          r.buf = r.buf.slice(r.head);
          r.head = 0;
        }
        rt.sendAppending(id, 'ltook', [end, it.w, it.s], !!r.port);
        rt.flushIfOlder(4); // a loop served by its ring never waits: its output must still go out
        return { item: it };
      }
      // What this process sent goes out before it waits: by its port links at once; through the kernel, at
      // once with a ring, else within LAZY_MS or with the call below.
      if (r.port) rt.flushLinks();
      else rt.flush();
      if (timeout === null && rt.linkQuietMs > 0 && (await this.quiet(r, rt.linkQuietMs))) continue;
      const pending = rt.startCall(call(r.delivered));
      const came = new Promise<null>((res) => {
        r.wake = () => res(null);
        if (r.ring) void r.ring.wait().then(() => res(null));
      });
      const answer = await Promise.race([pending.answer, came]);
      r.wake = null;
      if (answer === null) {
        // Something came by the link: the kernel's wait is over.
        pending.drop();
        if (this.readers.get(key) === r) rt.send({ t: 'op', id, method: 'lcancel', args: [end] });
        continue;
      }
      if (!answer.ok) throw errorFromWire(answer.error.name, answer.error.message, answer.error.traceback);
      if (isLinkData(answer.value)) continue; // the kernel says a message is in the ring (a missed wake-up)
      return { answer: answer.value };
    }
  }

  /** Waits up to `ms` for something on the reader's link: true if it came. */
  private quiet(r: Reader, ms: number): Promise<boolean> {
    return new Promise((res) => {
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
  }
}

/** Serialises async operations per key (a direct reader's waits must not overlap). */
export function turnTaker(): <T>(key: string, fn: () => Promise<T>) => Promise<T> {
  const turns = new Map<string, Promise<unknown>>();
  return <T>(key: string, fn: () => Promise<T>): Promise<T> => {
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
}

const perRuntime = new WeakMap<ProcessRuntime, Links>();
/** The links of one process (shared by all its pipes). */
export function linksOf(rt: ProcessRuntime): Links {
  let l = perRuntime.get(rt);
  if (!l) perRuntime.set(rt, (l = new Links(rt)));
  return l;
}
