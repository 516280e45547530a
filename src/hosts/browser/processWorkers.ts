// Process workers and their stock: the page creates them, keeps a few booted between runs, lends them to a run's
// kernel worker each over a MessageChannel of its own, and ends the lent ones on Stop. With the bridge's `nest`, a
// kernel worker creates its own instead (`direct`: nested workers, each lent over its own global scope, see
// linkPort.ts): in WebKit a MessagePort between two workers waits for the page's main thread.
import { workerGoneMessage } from '../../protocol/limits';
import { isLinkEnvelope, LinkPort } from './linkPort';
import { ALIVE_LOCK_NAME, type AliveMessage, type AttachMessage, type Lease, type PageToKernel } from './protocol';
import { sharedMemoryUsable } from './sharedMemory';

/** Sends a message to the kernel worker that borrows the workers, with the ports it moves. */
export type KernelSend = (msg: PageToKernel, transfer: Transferable[]) => void;

interface PageWorker {
  id: number;
  worker: Worker;
  /** Lent to the current run's kernel (else in stock, or ended). */
  lent: boolean;
  dead: boolean;
  /** The page waits on the worker's alive lock (see processWorker.ts). */
  watched: boolean;
  /** Set to 1 when the page ends the worker (see AttachMessage.stop); null without shared memory. */
  stop: Int32Array | null;
  /** The worker has its stop cell (it goes with the first attach). */
  stopSent: boolean;
  /** Direct mode: the link of its current lease (messages on the worker's own channel go to it). */
  link: LinkPort | null;
}

/** A stop cell for a new worker, where the page can share memory with its workers. */
function stopCell(): Int32Array | null {
  return sharedMemoryUsable() ? new Int32Array(new SharedArrayBuffer(4)) : null;
}

/** The part of the Web Locks API the page uses to learn that a worker is gone. */
export interface AliveLocks {
  request(name: string, callback: () => unknown): Promise<unknown>;
}

export interface ProcessWorkersOptions {
  /** Creates one process worker (see workerScripts.ts). */
  create(): Worker;
  /** Workers kept in stock beyond this are ended when given back. */
  maxStock: number;
  /** Web Locks (default: the page's `navigator.locks`); absent, a worker that ends on its own goes unnoticed. */
  locks?: AliveLocks | null;
  /**
   * Lend each worker over its own global scope (the creator is the borrower's own thread: a kernel worker that
   * nests its process workers) instead of a new MessageChannel.
   */
  direct?: boolean;
  /**
   * The stop cell every worker gets (direct mode: one for the kernel worker's whole life, set by the page when it
   * ends the kernel worker, and so its nested workers); default, one of its own per worker, where memory is shared.
   */
  sharedStop?: Int32Array | null;
}

export class ProcessWorkers {
  private readonly stock: PageWorker[] = [];
  private readonly lent = new Map<number, PageWorker>();
  private borrower: KernelSend | null = null;
  private nextId = 1;
  /** Workers ever created (tests, benchmarks). */
  created = 0;

  private readonly locks: AliveLocks | null;
  private nextLink = 1;

  constructor(private readonly opts: ProcessWorkersOptions) {
    this.locks =
      opts.locks !== undefined
        ? opts.locks
        : ((globalThis.navigator as (Navigator & { locks?: LockManager }) | undefined)?.locks ?? null);
  }

  /** Workers booted or booting that no run holds. */
  get inStock(): number {
    return this.stock.length;
  }

  /** Workers lent to the current run. */
  get onLoan(): number {
    return this.lent.size;
  }

  /** Boots workers until `n` are in stock. */
  fill(n: number): void {
    while (this.stock.length < Math.min(n, this.opts.maxStock)) this.stock.push(this.fresh());
  }

  /** From now on, lent workers go to (and their failures are told to) the kernel that `send` reaches. */
  lendTo(send: KernelSend): void {
    this.borrower = send;
  }

  /** Lends `n` workers to the current kernel: from stock first, new ones for the rest. */
  lend(n: number): void {
    const send = this.borrower;
    if (!send || n <= 0) return;
    const leases: Lease[] = [];
    for (let i = 0; i < n; i++) {
      const pw = this.stock.shift() ?? this.fresh();
      pw.lent = true;
      this.lent.set(pw.id, pw);
      leases.push({ id: pw.id, port: this.attach(pw) });
    }
    send(
      { t: 'workers', leases },
      leases.map((l) => l.port),
    );
  }

  /** Attaches `pw` to a new link: a MessageChannel (its other end is returned), or its own scope (direct mode). */
  private attach(pw: PageWorker): Lease['port'] {
    const stop = pw.stop && !pw.stopSent ? pw.stop : undefined;
    if (stop) pw.stopSent = true;
    if (this.opts.direct) {
      pw.link?.close();
      const link = new LinkPort(this.nextLink++, (msg, transfer) => pw.worker.postMessage(msg, transfer));
      pw.link = link;
      const attach: AttachMessage = { t: 'attach', link: link.link, ...(stop ? { stop } : {}) };
      pw.worker.postMessage(attach);
      return link;
    }
    const { port1, port2 } = new MessageChannel();
    const attach: AttachMessage = { t: 'attach', port: port2, ...(stop ? { stop } : {}) };
    pw.worker.postMessage(attach, [port2]);
    return port1;
  }

  /** The kernel gives back clean, idle workers: they wait in stock for a later run. */
  giveBack(ids: readonly number[]): void {
    for (const id of ids) {
      const pw = this.lent.get(id);
      if (!pw) continue;
      this.lent.delete(id);
      pw.lent = false;
      pw.link?.close();
      pw.link = null;
      if (this.stock.length < this.opts.maxStock) this.stock.push(pw);
      else this.kill(pw);
    }
  }

  /** The kernel is done with worker `id` (its process is over and it is not to be reused). */
  end(id: number): void {
    const pw = this.lent.get(id);
    if (!pw) return;
    this.lent.delete(id);
    this.kill(pw);
  }

  /** The run is over (or stopped): every worker still lent is ended, whatever it is doing; the stock stays. */
  endRun(): void {
    this.borrower = null;
    for (const pw of this.lent.values()) this.kill(pw);
    this.lent.clear();
  }

  /** Ends every worker, stock included (the page is going away, or tests). */
  dispose(): void {
    this.endRun();
    for (const pw of this.stock.splice(0)) this.kill(pw);
  }

  private fresh(): PageWorker {
    const worker = this.opts.create();
    this.created++;
    const pw: PageWorker = {
      id: this.nextId++,
      worker,
      lent: false,
      dead: false,
      watched: false,
      stop: this.opts.sharedStop !== undefined ? this.opts.sharedStop : stopCell(),
      stopSent: false,
      link: null,
    };
    // A process worker's kernel hears it over the port; the page reads only its failure (a script that does not
    // load, an error escaping the runtime) and, once, the name of its alive lock, posted at load before any user
    // code (which finds `postMessage` poisoned): a worker that ends on its own (`close()`, the engine) is seen.
    worker.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      const where = e.filename ? ` (${e.filename}:${e.lineno}:${e.colno})` : '';
      this.lost(pw, `mpplay: a process worker failed: ${e.message || 'its script could not be loaded'}${where}`);
    });
    worker.addEventListener('message', (e: MessageEvent<unknown>) => {
      if (pw.link && isLinkEnvelope(e.data)) return pw.link.receive(e.data);
      const msg = e.data as Partial<AliveMessage> | null;
      const lock = msg?.t === 'aliveLock' ? msg.lock : undefined;
      if (pw.watched || pw.dead || !this.locks || typeof lock !== 'string' || !ALIVE_LOCK_NAME.test(lock)) return;
      pw.watched = true;
      // Granted once the worker no longer holds it: it is gone. If the page ended it itself, `dead` says so.
      this.locks
        .request(lock, () => this.lost(pw, workerGoneMessage('its code closed it, or the browser ended it')))
        .catch(() => {}); // the page cannot take locks (an engine without them here): the worker goes unwatched
    });
    // Direct mode: a message the engine could not read may have been the link's (it asks for it again).
    worker.addEventListener('messageerror', () => pw.link?.unreadable());
    return pw;
  }

  /** Worker `pw` failed or ended without the page ending it: out of the stock, and its kernel is told. */
  private lost(pw: PageWorker, text: string): void {
    if (pw.dead) return;
    const borrower = pw.lent ? this.borrower : null;
    this.lent.delete(pw.id);
    const i = this.stock.indexOf(pw);
    if (i >= 0) this.stock.splice(i, 1);
    this.kill(pw);
    borrower?.({ t: 'died', id: pw.id, text }, []);
  }

  private kill(pw: PageWorker): void {
    if (pw.dead) return;
    pw.dead = true;
    pw.lent = false;
    pw.link?.close();
    // First the brake (a busy loop parks at its next iteration), then the end, which a busy worker in Chromium
    // would otherwise outlive by two seconds of a core.
    // (A shared cell is the page's to set: it brakes every worker of the kernel worker at once.)
    if (pw.stop && this.opts.sharedStop === undefined) Atomics.store(pw.stop, 0, 1);
    pw.worker.terminate();
  }
}
