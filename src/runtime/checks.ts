// Non-blocking calls that can fail in the kernel (taskDone, a Lock's release): each returns a promise that the
// kernel's answer settles, so `await` catches the error where CPython raises it, while a call nobody awaits
// costs no round trip and, if it fails, ends the process as an uncaught exception.
import type { WireError } from '../protocol/messages';
import { errorFromWire, withCallSite } from './errors';
import { PromiseCtor, promiseThen } from './primordials';

/**
 * The promise a checked call returns: a real Promise that notes whether anyone took an interest in it (`await`,
 * `then`, `catch`, `finally` all call `then`). A failure nobody is waiting for is an uncaught exception, as
 * CPython's raise at the call would be; one that someone awaits rejects, so their `try`/`catch` sees it.
 */
class CheckedPromise extends PromiseCtor<void> {
  observed = false;
  // Promises derived by then() are plain ones.
  static override get [Symbol.species](): PromiseConstructor {
    return PromiseCtor;
  }
  override then<A = void, B = never>(
    onFulfilled?: ((value: void) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.observed = true;
    return promiseThen(this, onFulfilled, onRejected) as Promise<A | B>;
  }
}

interface Pending {
  promise: CheckedPromise;
  resolve: () => void;
  reject: (e: unknown) => void;
  /** Where the call was made, kept only when the process's own state says it will probably fail. */
  site: Error | undefined;
}

/** A resolved promise for a call that cannot fail in the kernel, typed like a checked call's. */
export const settled = (): Promise<void> => PromiseCtor.resolve();

/** The checked calls of one process not yet acknowledged, in the order they were made (their sequence numbers). */
export class Checks {
  private next = 0;
  /** `pending[i]` is call `first + i`; a failed one leaves a hole until the ack passes it. */
  private pending: (Pending | undefined)[] = [];
  private first = 1;

  /** `uncaught`: a call that failed with nobody waiting on it (the runtime ends the process with it). */
  constructor(private readonly uncaught: (err: Error) => void) {}

  /**
   * A new checked call: its sequence number, for the `op` message, and the promise the caller gets. `likelyToFail`:
   * this process's own state says the kernel will probably refuse it (a lock it does not hold, more taskDone()
   * calls than items it took), so the call's stack is kept now and the error, if it comes, points at this line.
   */
  start(likelyToFail: boolean): { seq: number; promise: Promise<void> } {
    const seq = ++this.next;
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const promise = new CheckedPromise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.pending.push({ promise, resolve, reject, site: likelyToFail ? new Error() : undefined });
    return { seq, promise };
  }

  /** Checked calls sent and not yet acknowledged. */
  get outstanding(): number {
    let n = 0;
    for (const p of this.pending) if (p) n++;
    return n;
  }

  /** Call `seq` failed in the kernel. */
  fail(seq: number, error: WireError): void {
    const i = seq - this.first;
    const p = this.pending[i];
    if (!p) return;
    this.pending[i] = undefined;
    const err = withCallSite(errorFromWire(error.name, error.message), p.site);
    if (p.promise.observed) p.reject(err);
    else this.uncaught(err);
  }

  /** Every call up to `upTo` is done; those not failed succeeded. */
  ack(upTo: number): void {
    const n = Math.min(this.pending.length, upTo - this.first + 1);
    if (n <= 0) return;
    const done = this.pending.splice(0, n);
    this.first += n;
    for (const p of done) p?.resolve();
  }
}
