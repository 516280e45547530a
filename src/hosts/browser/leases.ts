// The kernel worker's side of the process workers the page lends it: each lease (a MessagePort the page wired to
// one worker) as a RawWorker for the pool; asks the page for more, and watches that each one boots.
import type { KernelToProc, PortLike, ProcToKernel } from '../../protocol/messages';
import type { RawWorker } from '../workerPool';
import type { KernelToPage, Lease } from './protocol';
import { SequencedPort } from './sequencedPort';

export interface LeaseSupplyOptions {
  /** Sends a message to the page. */
  post(msg: KernelToPage): void;
  /** A worker asked for that has not said `ready` this long after is dead (it never loaded, or the page never lent one). */
  bootTimeoutMs: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/** Process workers lent by the page, handed to the pool as it creates workers. */
export class LeaseSupply {
  /** Lent and not yet taken by the pool. */
  private readonly free: Lease[] = [];
  /** Taken by the pool before a lease was there: each gets the next one to arrive. */
  private readonly pending: LeasedWorker[] = [];
  private readonly live = new Map<number, LeasedWorker>();
  /** Leases asked for with `want` and not yet come. */
  private asked = 0;
  private askQueued = false;
  readonly setTimer: (fn: () => void, ms: number) => unknown;
  readonly clearTimer: (handle: unknown) => void;

  constructor(readonly opts: LeaseSupplyOptions) {
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  /** Leases that came from the page (asked for or not). */
  add(leases: readonly Lease[]): void {
    this.asked = Math.max(0, this.asked - leases.length);
    for (const lease of leases) {
      const w = this.pending.shift();
      if (w) w.bind(lease);
      else this.free.push(lease);
    }
  }

  /** A worker for the pool: a lease now, or the next one the page sends (asked for at once). */
  take(): RawWorker {
    const w = new LeasedWorker(this);
    const lease = this.free.shift();
    if (lease) w.bind(lease);
    else {
      this.pending.push(w);
      this.ask();
    }
    return w;
  }

  /** The page saw lent worker `id` fail. */
  died(id: number, text: string): void {
    const i = this.free.findIndex((l) => l.id === id);
    if (i >= 0) this.free.splice(i, 1)[0]!.port.close();
    this.live.get(id)?.die(text);
  }

  /** The run is over: every lease the pool never took goes back to the page. */
  giveBackFree(): void {
    const ids = this.free.splice(0).map((l) => {
      l.port.close();
      return l.id;
    });
    if (ids.length) this.opts.post({ t: 'giveBack', ids });
  }

  /** How many leases wait in the supply (for tests). */
  get available(): number {
    return this.free.length;
  }

  /** @internal */ bound(id: number, w: LeasedWorker): void {
    this.live.set(id, w);
  }

  /** @internal */ gone(w: LeasedWorker, id: number | null): void {
    if (id !== null) this.live.delete(id);
    const i = this.pending.indexOf(w);
    if (i >= 0) this.pending.splice(i, 1);
  }

  /** Asks the page for the leases still missing, once per turn of the event loop. */
  private ask(): void {
    if (this.askQueued) return;
    this.askQueued = true;
    queueMicrotask(() => {
      this.askQueued = false;
      const missing = this.pending.length - this.asked;
      if (missing <= 0) return;
      this.asked += missing;
      this.opts.post({ t: 'want', n: missing });
    });
  }
}

/** One lent worker as the pool sees it: messages go over its port, queued until the lease has come. */
class LeasedWorker implements RawWorker {
  private port: SequencedPort<KernelToProc[], ProcToKernel[]> | null = null;
  private id: number | null = null;
  private queued: [KernelToProc[], PortLike[] | undefined][] = [];
  private handler: ((batch: ProcToKernel[]) => void) | null = null;
  private deathHandler: ((text: string) => void) | null = null;
  private bootTimer: unknown = null;
  /** The worker has spoken over the port (its `ready`): its end is attached in a running worker. */
  private answered = false;
  private over = false;

  constructor(private readonly supply: LeaseSupply) {
    const s = supply.opts.bootTimeoutMs;
    this.bootTimer = supply.setTimer(() => {
      this.bootTimer = null;
      this.die(
        `SystemError: this process's worker did not start within ${s / 1000} s (the browser did not load it), ` +
          'so the process was ended with exit code 1. Press Run again; if it keeps happening, reload the page',
      );
    }, s);
  }

  bind(lease: Lease): void {
    if (this.over) return;
    this.id = lease.id;
    this.supply.bound(lease.id, this);
    this.port = new SequencedPort<KernelToProc[], ProcToKernel[]>(lease.port, {
      deliver: (batch) => {
        if (this.over) return;
        if (!this.answered) {
          this.answered = true;
          if (this.bootTimer !== null) this.supply.clearTimer(this.bootTimer);
          this.bootTimer = null;
          for (const [b, transfer] of this.queued.splice(0)) this.send(b, transfer);
        }
        this.handler?.(batch);
      },
      // Lost for good (see sequencedPort.ts): the worker cannot be spoken with.
      fail: (why) =>
        this.die(
          `SystemError: the browser lost messages between mpplay's kernel and this process's worker (${why}), ` +
            'so the process was ended. Press Run again; if it keeps happening, reload the page',
        ),
    });
  }

  /**
   * Nothing goes over the port before the worker has answered on it: Firefox drops (as a `messageerror` in the
   * worker) a message carrying a SharedArrayBuffer that was posted while the worker's end of the port was still
   * on its way to a worker that had not started yet, so a process's `init` with a `Value` in its args was lost.
   */
  post(batch: KernelToProc[], transfer?: PortLike[]): void {
    if (this.over) return;
    if (this.port && this.answered) this.send(batch, transfer);
    else this.queued.push([batch, transfer]);
  }

  listen(handler: (batch: ProcToKernel[]) => void): void {
    this.handler = handler;
  }

  onDeath(handler: (text: string) => void): void {
    this.deathHandler = handler;
  }

  /** Ends the worker: the page terminates it. */
  terminate(): void {
    if (!this.finish()) return;
    if (this.id !== null) this.supply.opts.post({ t: 'endWorker', id: this.id });
  }

  /** The worker is clean and idle at the run's end: the page may keep it for a later run. */
  release(): void {
    if (!this.finish()) return;
    if (this.id !== null) this.supply.opts.post({ t: 'giveBack', ids: [this.id] });
  }

  /** It failed: the pool hears it (the process it hosts dies), and the page ends it (it may be alive but stuck). */
  die(text: string): void {
    if (this.over) return;
    const handler = this.deathHandler;
    this.terminate();
    handler?.(text);
  }

  private send(batch: KernelToProc[], transfer?: PortLike[]): void {
    this.port!.post(batch, (transfer ?? []) as Transferable[]);
  }

  /** Marks it over; false if it already was. */
  private finish(): boolean {
    if (this.over) return false;
    this.over = true;
    if (this.bootTimer !== null) this.supply.clearTimer(this.bootTimer);
    this.bootTimer = null;
    this.queued = [];
    this.handler = null;
    this.port?.close();
    this.supply.gone(this, this.id);
    return true;
  }
}
