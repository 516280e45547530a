// One end of the MessagePort between a run's kernel worker and a process worker, made reliable. Firefox now and then
// (a busy machine, several workers starting at once) fails to deliver a message that carries a SharedArrayBuffer —
// every process's `init` does (its ppid cell), and so does a `spawn` whose args hold a Value — and fires a
// `messageerror` in its place: the process never started, or a child was never asked for. So each message is
// numbered, kept until the other end says it has it, and sent again when the other end finds it unreadable; what
// comes after a lost message waits until it is there, so both ends still see every message once and in order.

/**
 * What goes over the port: a numbered message (`a`: the highest number the sender has read in order), an ack, a
 * request to send again from number `r` on, or the sender's last word (`f`: why it gave the link up).
 */
export type Wire<T> = { s: number; a: number; b: T } | { a: number } | { r: number; a: number } | { f: string };

/** The part of a MessagePort this uses (a fake one in tests). */
export type PortEnd = Pick<MessagePort, 'postMessage' | 'onmessage' | 'onmessageerror' | 'close'>;

/** A message that came unreadable this many times in a row (sent again each time) ends the link. */
export const MAX_RESENDS = 5;

/** With this many messages read and none sent back (which carries the ack), an ack goes alone. */
const ACK_EVERY = 64;

export interface SequencedPortOptions<In> {
  /** Each message from the other end, once, in the order it was sent. */
  deliver(msg: In): void;
  /** The link cannot go on (a message lost for good, or one with transferred objects lost): `text` says why. */
  fail(text: string): void;
}

export class SequencedPort<Out, In> {
  private sent = 0;
  /** Sent and not yet acknowledged: number → the message (null: it moved objects, it cannot be sent again). */
  private readonly unacked = new Map<number, Out | null>();
  /** The highest number read in order (everything up to it was delivered). */
  private read = 0;
  /** Read out of order (after a lost one), waiting for the gap to fill. */
  private readonly early = new Map<number, In>();
  private readSinceSent = 0;
  /** Requests to send again without the gap filling, in a row. */
  private resends = 0;
  /** Messages the other end sent again (for tests and diagnostics). */
  resent = 0;
  private closed = false;

  constructor(
    private readonly port: PortEnd,
    private readonly opts: SequencedPortOptions<In>,
  ) {
    port.onmessage = (e: MessageEvent<unknown>) => this.onWire(e.data as Wire<In>);
    port.onmessageerror = () => this.onLost();
  }

  post(msg: Out, transfer?: Transferable[]): void {
    if (this.closed) return;
    const s = ++this.sent;
    this.unacked.set(s, transfer?.length ? null : msg);
    this.readSinceSent = 0;
    this.port.postMessage({ s, a: this.read, b: msg } satisfies Wire<Out>, transfer ?? []);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unacked.clear();
    this.early.clear();
    this.port.onmessage = null;
    this.port.onmessageerror = null;
    this.port.close();
  }

  /** Messages sent and not yet acknowledged (for tests). */
  get pending(): number {
    return this.unacked.size;
  }

  private onWire(w: Wire<In>): void {
    if (this.closed || typeof w !== 'object' || w === null) return;
    if ('f' in w) {
      const { fail } = this.opts;
      this.close();
      return fail(`the other end gave up: ${String(w.f)}`);
    }
    if (typeof w.a === 'number') this.acked(w.a);
    if ('r' in w && typeof w.r === 'number') return this.sendAgain(w.r);
    if (!('s' in w) || typeof w.s !== 'number' || w.s <= this.read || this.early.has(w.s)) return;
    if (w.s !== this.read + 1) {
      this.early.set(w.s, w.b);
      return;
    }
    this.resends = 0;
    this.take(w.b);
    while (!this.closed && this.early.has(this.read + 1)) {
      const next = this.early.get(this.read + 1) as In;
      this.early.delete(this.read + 1);
      this.take(next);
    }
    if (!this.closed && ++this.readSinceSent >= ACK_EVERY) {
      this.readSinceSent = 0;
      this.port.postMessage({ a: this.read } satisfies Wire<Out>);
    }
  }

  private take(msg: In): void {
    this.read++;
    this.opts.deliver(msg);
  }

  /** A message came unreadable: ask for everything from the first one not read on (the other end sends it again). */
  private onLost(): void {
    if (this.closed) return;
    if (++this.resends > MAX_RESENDS) {
      return this.failWith(`a message came unreadable ${MAX_RESENDS} times in a row, even sent again`);
    }
    this.port.postMessage({ r: this.read + 1, a: this.read } satisfies Wire<Out>);
  }

  private acked(upTo: number): void {
    for (const s of this.unacked.keys()) {
      if (s > upTo) break; // in insertion order, which is number order
      this.unacked.delete(s);
    }
  }

  private sendAgain(from: number): void {
    for (const [s, msg] of this.unacked) {
      if (s < from) continue;
      if (msg === null) return this.failWith('a message that moved objects (a port) was lost and cannot be sent again');
      this.resent++;
      this.port.postMessage({ s, a: this.read, b: msg } satisfies Wire<Out>);
    }
  }

  private failWith(text: string): void {
    const { fail } = this.opts;
    this.port.postMessage({ f: text } satisfies Wire<Out>);
    this.close();
    fail(text);
  }
}
