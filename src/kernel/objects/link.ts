// Direct links, the kernel's side: one direction of messages (a pipe end's inbox) that has had
// exactly one writer and one reader, in two different processes, gets a link of its own when the reader
// would otherwise wait: a SharedArrayBuffer ring or a MessagePort (KernelOptions.pipeLinks). Messages then
// go from writer to reader without the kernel in between, and the kernel hears of each one afterwards: the
// writer reports `lsent` (seq, summary) and the reader `ltook` (writer, seq), so the trace keeps every item
// from put to take. Every message carries its writer's seq (the kernel counts a writer's messages the same
// way), so a reader delivers a writer's messages in order whichever way each came: a value the ring cannot
// hold, or one from a second writer, goes through the kernel, which forwards it (`item`). The reader still
// waits here (traced, deadlock-checked, timed out here) once its link has been quiet for a moment, and
// cancels the wait itself when a message comes by the link. A second reader ends the link for good: the
// writer stops using it (`unwrite`, answered by `lunwritten`), then the reader gives back what it has not
// delivered (`unread`, answered by `lunread`), and the direction is the kernel's again.
import type { ObjectId, Pid, PipeReaderGrant } from '../../protocol/messages';
import { PIPE_LINK_TAG } from '../../protocol/messages';
import { type Caller, type ObjectHost, ok } from './base';

export interface Route {
  reader: Pid;
  writer: Pid;
  /** A ring's messages are there before their `lsent` report; a port's may still be on the way. */
  mode: 'sab' | 'port';
  /** Ending: the writer was told to stop (`unwrite`) or the reader to give back (`unread`). */
  revoking: boolean;
}

/** A message the reader gave back: its encoded value, writer and seq. */
export interface Returned {
  v: unknown;
  w: Pid;
  s: number;
}

/** The answer to a direct reader's wait that says: a message is in your link, read it. */
export const LINK_DATA = { [PIPE_LINK_TAG]: 'data' };

export class LinkedDirection {
  /** Processes that ever read it, and that ever wrote into it. */
  readonly readers = new Set<Pid>();
  readonly writers = new Set<Pid>();
  /** Messages ever sent into it (through the kernel or a link). */
  sentTotal = 0;
  /** The last seq counted from each writer. */
  private readonly lastSeq = new Map<Pid, number>();
  /** Item ids of messages outside the kernel's hands (on the link or with the reader), by `writer:seq`. */
  readonly away = new Map<string, number>();
  /** Takes reported before their `lsent` (the two reports come from different processes). */
  private readonly earlyTakes = new Set<string>();
  route: Route | null = null;
  /** Its link was ended: it stays with the kernel. */
  private shared = false;

  constructor(
    private readonly k: ObjectHost,
    private readonly id: ObjectId,
    /** The pipe end it goes into: how notes and reports name it. */
    private readonly end: 0 | 1,
  ) {}

  /** The seq of the next message `pid` sends through the kernel (it counts the same way). */
  nextSeq(pid: Pid): number {
    return (this.lastSeq.get(pid) ?? 0) + 1;
  }

  /**
   * Counts a message from `pid` with seq `s`. `kept`: it went through the kernel and the caller keeps it
   * (null: forwarded to the direct reader, or it went by the link). Returns its item id and, for a message
   * by the link, whether its take was already reported.
   */
  arrived(pid: Pid, s: number, value?: { v: unknown }): { id: number; kept: boolean; takenEarly: boolean } {
    this.writers.add(pid);
    this.sentTotal++;
    if (s > (this.lastSeq.get(pid) ?? 0)) this.lastSeq.set(pid, s);
    const id = this.k.nextItemId();
    const key = `${pid}:${s}`;
    if (!value) {
      if (this.earlyTakes.delete(key)) return { id, kept: false, takenEarly: true };
      this.away.set(key, id);
      return { id, kept: false, takenEarly: false };
    }
    const r = this.route;
    if (r && !r.revoking && this.k.isLive(r.reader)) {
      this.away.set(key, id);
      this.k.tell(r.reader, { t: 'link', id: this.id, end: this.end, a: 'item', w: pid, s, v: value.v });
      return { id, kept: false, takenEarly: false };
    }
    return { id, kept: true, takenEarly: false };
  }

  /** The direct reader took writer `w`'s message `s`: its item id, or null if its `lsent` has not come yet. */
  took(w: Pid, s: number): number | null {
    const key = `${w}:${s}`;
    const id = this.away.get(key);
    if (id === undefined) {
      this.earlyTakes.add(key);
      return null;
    }
    this.away.delete(key);
    return id;
  }

  /** A ring reader waiting is answered when a message comes by its link (its own wake-up may be missed). */
  shouldNudge(delivered: number): boolean {
    return this.route?.mode === 'sab' && !this.route.revoking && delivered < this.sentTotal;
  }

  /**
   * Makes `c` (who would wait now, with nothing kept for it) the direct reader if this direction has had
   * one writer and one reader: the answer to its call is the grant, a note makes the writer the writer.
   */
  tryLink(c: Caller, writerOpen: (pid: Pid) => boolean): boolean {
    if (this.shared || this.route || this.readers.size !== 1 || this.writers.size !== 1) return false;
    const [writer] = this.writers;
    if (writer === undefined || writer === c.pid || !this.k.isLive(writer) || !writerOpen(writer)) return false;
    const link = this.k.pipeLink();
    if (!link) return false;
    this.route = { reader: c.pid, writer, mode: link.reader.mode, revoking: false };
    const grant: PipeReaderGrant = {
      [PIPE_LINK_TAG]: true,
      link: link.reader,
      w: writer,
      next: this.nextSeq(writer),
      delivered: this.sentTotal,
    };
    this.k.answer(c, ok(grant), link.reader.mode === 'port' ? [link.reader.port] : undefined);
    this.k.tell(
      writer,
      { t: 'link', id: this.id, end: this.end, a: 'write', link: link.writer },
      link.writer.mode === 'port' ? [link.writer.port] : undefined,
    );
    return true;
  }

  /** A second reader: the link ends (the writer first, then the reader gives back what it holds). */
  revoke(): void {
    const r = this.route;
    if (!r || r.revoking) return;
    r.revoking = true;
    if (this.k.isLive(r.writer)) this.k.tell(r.writer, { t: 'link', id: this.id, end: this.end, a: 'unwrite' });
    else this.unwritten(r.writer, this.lastSeq.get(r.writer) ?? 0);
  }

  /** The writer stopped using the link after seq `upTo`; returns true if the reader is gone (nothing to give back). */
  unwritten(pid: Pid, upTo: number): boolean {
    const r = this.route;
    if (!r || r.writer !== pid) return false;
    if (this.k.isLive(r.reader)) {
      this.k.tell(r.reader, { t: 'link', id: this.id, end: this.end, a: 'unread', w: r.writer, upTo });
      return false;
    }
    return true;
  }

  /** The reader gave back what it had not delivered: the messages, with their item ids, to go first again. */
  unread(back: Returned[]): { id: number; value: unknown }[] {
    const msgs = back.map(({ v, w, s }) => {
      const key = `${w}:${s}`;
      const id = this.away.get(key) ?? this.k.nextItemId();
      this.away.delete(key);
      return { id, value: v };
    });
    this.route = null;
    this.shared = true;
    return msgs;
  }

  /**
   * A process ended that wrote into this link while it was being ended, before it answered `unwrite` (its code was
   * over: nobody there reads notes any more). It writes nothing more, so this is its answer: the reader is told to
   * give back now, instead of waiting for an answer that never comes. True as for `unwritten`.
   */
  writerGone(pid: Pid): boolean {
    const r = this.route;
    return r?.writer === pid && r.revoking ? this.unwritten(pid, this.lastSeq.get(pid) ?? 0) : false;
  }

  /** A process ended: if it read by the link, what it held is lost with it (its items stay untaken). */
  processGone(pid: Pid): boolean {
    const r = this.route;
    if (r?.reader !== pid) return false;
    if (this.k.isLive(r.writer)) this.k.tell(r.writer, { t: 'link', id: this.id, end: this.end, a: 'unwrite' });
    this.route = null;
    this.shared = true;
    return true;
  }
}
