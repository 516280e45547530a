// A process worker's link to the kernel it serves: the MessagePort the page attaches (a new one per lease), or,
// where the kernel worker created this worker itself (nested: the bridge's `nest`), the worker's own global scope
// as the link the kernel worker names (linkPort.ts). Either way a SequencedPort (the one each end of every link uses).
import type { KernelToProc, ProcToKernel } from '../../protocol/messages';
import { isLinkEnvelope, LinkPort, type LinkEnvelope } from './linkPort';
import type { AttachMessage } from './protocol';
import { SequencedPort } from './sequencedPort';

export interface ProcessLinkOptions {
  /** The worker's own `postMessage`, taken before user code could replace it. */
  postOnScope(msg: LinkEnvelope, transfer: Transferable[]): void;
  /** Whether `x` is a real MessagePort (the constructor taken before user code, too). */
  isPort(x: unknown): x is MessagePort;
  /** Whether `x` is a stop cell: an Int32Array on shared memory. */
  isStopCell(x: unknown): x is Int32Array;
  setStopCell(cell: Int32Array): void;
  /** Each batch from the kernel of the current link, in order. */
  deliver(batch: KernelToProc[]): void;
}

/** What a message event on the worker's global scope carries, as far as this reads it. */
export interface ScopeEvent {
  data: unknown;
  /** False for an event user code dispatched itself: never read. */
  isTrusted: boolean;
}

export class ProcessLink {
  private port: SequencedPort<ProcToKernel[], KernelToProc[]> | null = null;
  /** Nested: the current link over the scope (null where the page attached a port). */
  private link: LinkPort | null = null;

  constructor(private readonly o: ProcessLinkOptions) {}

  /** To the kernel of the current link; nothing before the first attach. */
  post(batch: ProcToKernel[], transfer: Transferable[]): void {
    this.port?.post(batch, transfer);
  }

  /** A message on the worker's global scope: an attach, a message of the current link, or ignored. */
  onMessage(e: ScopeEvent): void {
    if (!e.isTrusted) return;
    if (this.link && isLinkEnvelope(e.data)) return this.link.receive(e.data);
    const msg = e.data as Partial<AttachMessage> | null;
    if (msg?.t !== 'attach') return;
    let end: LinkPort | MessagePort;
    if (this.o.isPort(msg.port)) end = msg.port;
    else if (typeof msg.link === 'number' && Number.isSafeInteger(msg.link)) {
      end = new LinkPort(msg.link, this.o.postOnScope);
    } else return;
    if (this.o.isStopCell(msg.stop)) this.o.setStopCell(msg.stop);
    this.port?.close();
    this.link = end instanceof LinkPort ? end : null;
    this.port = new SequencedPort<ProcToKernel[], KernelToProc[]>(end, {
      deliver: (batch) => this.o.deliver(batch),
      // The kernel's end is told why (the link's last word) and ends the process with a message that says so.
      fail: () => {},
    });
    this.port.post([{ t: 'ready' }]);
  }

  /** The scope had a message it could not read: if this is a nested link, it may have been the link's. */
  onMessageError(e: ScopeEvent): void {
    if (e.isTrusted) this.link?.unreadable();
  }
}
