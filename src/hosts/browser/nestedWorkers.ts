// A kernel worker that creates its own process workers (nested workers), with the bridge's `nest` (meant for WebKit:
// there a MessagePort between two workers waits for the page's main thread, a nested worker's own messages do not;
// off by default, see bridgeTypes.ts).
// The page sends `nest` at boot; from then on the lease supply's requests (want, giveBack, endWorker) are served
// here, by a ProcessWorkers of the kernel worker's own in direct mode, and never reach the page.
import type { LeaseSupply } from './leases';
import { ProcessWorkers, type AliveLocks } from './processWorkers';
import type { KernelToPage, PageToKernel } from './protocol';

/** Nested workers kept in stock at most (the kernel worker, and they with it, ends with its run anyway). */
const MAX_NESTED_STOCK = 8;

export class NestedWorkers {
  private workers: ProcessWorkers | null = null;

  constructor(private readonly supply: () => LeaseSupply) {}

  /** True once the page asked for nesting. */
  get active(): boolean {
    return this.workers !== null;
  }

  /** The page's `nest`: checked (it comes from the page, but a wrong one must say so, not throw later). */
  start(msg: Extract<PageToKernel, { t: 'nest' }>): string | null {
    if (this.workers) return 'the page asked twice for nested process workers';
    if (typeof msg.script !== 'string' || !msg.script.startsWith('blob:')) return 'the process script is no Blob URL';
    const stop = msg.stop instanceof Int32Array ? msg.stop : null;
    const script = msg.script;
    const locks = (globalThis.navigator as (Navigator & { locks?: AliveLocks }) | undefined)?.locks ?? null;
    const workers = new ProcessWorkers({
      create: () => new Worker(script, { type: 'module', name: 'mpplay-process' }),
      maxStock: MAX_NESTED_STOCK,
      direct: true,
      sharedStop: stop,
      locks,
    });
    workers.lendTo((m) => {
      if (m.t === 'workers') this.supply().add(m.leases);
      else if (m.t === 'died') this.supply().died(m.id, m.text);
    });
    this.workers = workers;
    this.fill(msg.ahead);
    return null;
  }

  fill(n: unknown): void {
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) this.workers?.fill(n);
  }

  /** Serves the supply's request to the page here, if nested (true); else it is the page's (false). */
  serve(msg: KernelToPage): boolean {
    const w = this.workers;
    if (!w) return false;
    if (msg.t === 'want') w.lend(msg.n);
    else if (msg.t === 'giveBack') w.giveBack(msg.ids);
    else if (msg.t === 'endWorker') w.end(msg.id);
    else return false;
    return true;
  }
}
