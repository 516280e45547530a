// A process's blocking calls to the kernel: each gets an id, and the kernel's reply settles it.
import type { Call, KernelToProc, ProcToKernel } from '../protocol/messages';

/** The kernel's answer to one call. */
export type Reply = KernelToProc & { t: 'reply' };

/** Calls sent and not yet answered, by id. */
export class Calls {
  private next = 1;
  private readonly waiting = new Map<number, (answer: Reply) => void>();

  /** `post`: sends the call message to the kernel at once (the caller is about to wait). */
  constructor(private readonly post: (msg: ProcToKernel) => void) {}

  /**
   * Sends `call`; `answer` resolves with the kernel's reply unless `drop` was called first. `line`: the user's
   * line that made it (the kernel puts it on the `blocked`/`sleeping` event, for the chart and the editor).
   */
  start(call: Call, line?: number): { answer: Promise<Reply>; drop: () => void } {
    const id = this.next++;
    const answer = new Promise<Reply>((resolve) => {
      this.waiting.set(id, resolve);
      this.post(line === undefined ? { t: 'call', id, call } : { t: 'call', id, call, line });
    });
    return { answer, drop: () => this.waiting.delete(id) };
  }

  /** A reply came: settles its call, if it is still awaited. */
  settle(msg: Reply): void {
    const settle = this.waiting.get(msg.id);
    if (!settle) return;
    this.waiting.delete(msg.id);
    settle(msg);
  }

  /** Calls sent and not yet answered (nor dropped). */
  get outstanding(): number {
    return this.waiting.size;
  }

  /** How many calls were made so far. */
  get count(): number {
    return this.next - 1;
  }
}
