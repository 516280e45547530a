// The page's process workers: it creates every one (no worker creates workers), keeps a few booted between runs,
// lends them to a run's kernel worker each over a MessageChannel of its own, and ends the lent ones on Stop.
import type { AttachMessage, Lease, PageToKernel } from './protocol';

/** Sends a message to the kernel worker that borrows the workers, with the ports it moves. */
export type KernelSend = (msg: PageToKernel, transfer: Transferable[]) => void;

interface PageWorker {
  id: number;
  worker: Worker;
  /** Lent to the current run's kernel (else in stock, or ended). */
  lent: boolean;
  dead: boolean;
}

export interface ProcessWorkersOptions {
  /** Creates one process worker (see workerScripts.ts). */
  create(): Worker;
  /** Workers kept in stock beyond this are ended when given back. */
  maxStock: number;
}

export class ProcessWorkers {
  private readonly stock: PageWorker[] = [];
  private readonly lent = new Map<number, PageWorker>();
  private borrower: KernelSend | null = null;
  private nextId = 1;
  /** Workers ever created (tests, benchmarks). */
  created = 0;

  constructor(private readonly opts: ProcessWorkersOptions) {}

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
      const { port1, port2 } = new MessageChannel();
      pw.worker.postMessage({ t: 'attach', port: port2 } satisfies AttachMessage, [port2]);
      pw.lent = true;
      this.lent.set(pw.id, pw);
      leases.push({ id: pw.id, port: port1 });
    }
    send(
      { t: 'workers', leases },
      leases.map((l) => l.port),
    );
  }

  /** The kernel gives back clean, idle workers: they wait in stock for a later run. */
  giveBack(ids: readonly number[]): void {
    for (const id of ids) {
      const pw = this.lent.get(id);
      if (!pw) continue;
      this.lent.delete(id);
      pw.lent = false;
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
    const pw: PageWorker = { id: this.nextId++, worker, lent: false, dead: false };
    // Nothing a process worker posts on its own global scope is read: user code could post there. Its kernel
    // hears it over the port. Only its failure (a script that does not load, an error escaping the runtime) counts.
    worker.addEventListener('error', (e: ErrorEvent) => {
      e.preventDefault();
      if (pw.dead) return;
      const where = e.filename ? ` (${e.filename}:${e.lineno}:${e.colno})` : '';
      const text = `mpplay: a process worker failed: ${e.message || 'its script could not be loaded'}${where}`;
      const borrower = pw.lent ? this.borrower : null;
      this.lent.delete(pw.id);
      const i = this.stock.indexOf(pw);
      if (i >= 0) this.stock.splice(i, 1);
      this.kill(pw);
      borrower?.({ t: 'died', id: pw.id, text }, []);
    });
    return pw;
  }

  private kill(pw: PageWorker): void {
    if (pw.dead) return;
    pw.dead = true;
    pw.lent = false;
    pw.worker.terminate();
  }
}
