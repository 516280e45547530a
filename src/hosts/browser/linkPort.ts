// A link between a kernel worker and a process worker it created itself (a nested worker), carried by the worker's
// own `postMessage` instead of a MessagePort. WebKit routes every MessagePort message between workers through the
// page's main thread, so a busy page delays each kernel ⇄ process message there by up to a frame or more; a nested
// worker's own messages go straight from thread to thread. One worker hosts many links in turn (one per lease), so
// each message carries its link's number and a link reads only its own: a late ack of the last lease never reaches
// the next one.
import type { PortEnd } from './sequencedPort';

/** What goes over the worker's own channel for a link: its number, then the message. */
export interface LinkEnvelope {
  l: number;
  m: unknown;
}

/** True for a link envelope of any link. */
export function isLinkEnvelope(data: unknown): data is LinkEnvelope {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as Partial<LinkEnvelope>).l === 'number' &&
    'm' in (data as object)
  );
}

/**
 * One link over a shared channel, as a PortEnd (for SequencedPort): `send` posts on the channel; whoever listens on
 * it hands each envelope to `receive` and each unreadable message to `unreadable`.
 */
export class LinkPort implements PortEnd {
  onmessage: ((this: MessagePort, ev: MessageEvent) => unknown) | null = null;
  onmessageerror: ((this: MessagePort, ev: MessageEvent) => unknown) | null = null;
  private closed = false;

  constructor(
    readonly link: number,
    private readonly send: (msg: LinkEnvelope, transfer: Transferable[]) => void,
  ) {}

  postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
    if (this.closed) return;
    const list = Array.isArray(transfer) ? transfer : (transfer?.transfer ?? []);
    this.send({ l: this.link, m: message }, list);
  }

  /** An envelope from the channel: delivered if it is this link's (others are a former link's, late). */
  receive(env: LinkEnvelope): void {
    if (this.closed || env.l !== this.link) return;
    this.onmessage?.call(null as unknown as MessagePort, { data: env.m } as MessageEvent);
  }

  /** The channel had a message it could not read: it may have been this link's (the link asks for it again). */
  unreadable(): void {
    if (this.closed) return;
    this.onmessageerror?.call(null as unknown as MessagePort, {} as MessageEvent);
  }

  close(): void {
    this.closed = true;
    this.onmessage = null;
    this.onmessageerror = null;
  }
}
