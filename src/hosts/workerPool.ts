// Workers for processes, like a fork server: a few booted ahead of need, at most a few booting at once,
// and a worker whose process exited cleanly is kept to host the next one. Host-agnostic: the browser
// (workers the page lends the kernel worker) and Node (worker_threads) adapt their workers to `RawWorker`.
import type { ProcessEndpoint } from '../kernel/host';
import type { KernelToProc, Pid, PortLike, ProcToKernel } from '../protocol/messages';

/** A worker as the pool needs it. */
export interface RawWorker {
  post(batch: KernelToProc[], transfer?: PortLike[]): void;
  /** Called once, at creation: every batch the worker posts. */
  listen(handler: (batch: ProcToKernel[]) => void): void;
  /** Called once: the worker failed (an error escaping the runtime, an engine crash, running out of memory). */
  onDeath(handler: (text: string) => void): void;
  terminate(): void;
  /**
   * The run is over and this worker is idle and clean: hand it back to whoever lent it, to host a later run's
   * process (the browser's page keeps such workers booted). Absent: it is terminated like the others.
   */
  release?(): void;
}

export interface WorkerPoolOptions {
  create(): RawWorker;
  /** Workers kept booted and idle for the next start(). */
  spare?: number;
  /** At most this many workers booting at once (a burst of 200 starts must not thrash two cores). */
  maxBooting?: number;
  /** Idle workers kept beyond the spares after processes exit; more are ended. */
  maxIdle?: number;
  /**
   * The CPU time (ms) this run's threads have used so far, with the machine's cores. When given, spares that
   * starts used up are booted again only once a core was left unused for TOP_UP_CHECK_MS: a boot keeps a core
   * busy for a while (~0.1 s on Node), which a program that computes right after starting its processes (a
   * Pool's first maps) would otherwise lose. Without it, at once.
   */
  cpu?: { used: () => number; cores: number };
  /**
   * A process whose worker has said nothing but `ready` this long (ms) after the process was given it never
   * started (the browser did not start the worker, or lost the process's first message): it is ended with a
   * SystemError that says so, so that the run ends (or its joiners wake) rather than waiting forever. Absent: none.
   */
  startTimeoutMs?: number;
}

/** What a process whose worker never started it prints on its stderr as it is ended with exit code 1. */
export function neverStartedMessage(ms: number): string {
  return (
    `SystemError: this process never started: the worker it was given did not start it within ${ms / 1000} s ` +
    '(the browser did not start the worker, or lost its first message), so it was ended with exit code 1. ' +
    'Press Run again; if it keeps happening, reload the page'
  );
}

/** How often a pool short of spares looks at the CPU time (ms). */
export const TOP_UP_CHECK_MS = 100;

interface Slot {
  w: RawWorker;
  ready: boolean;
  dead: boolean;
  pid: Pid | null;
  deliver: ((batch: ProcToKernel[]) => void) | null;
  /** Watches that the process given this worker starts (see WorkerPoolOptions.startTimeoutMs). */
  startTimer: ReturnType<typeof setTimeout> | null;
}

interface Waiting {
  pid: Pid;
  attach(slot: Slot): void;
}

export class WorkerPool {
  private readonly idle: Slot[] = [];
  private readonly waiting: Waiting[] = [];
  private readonly byPid = new Map<Pid, Slot>();
  private booting = 0;
  private disposed = false;
  /** Workers ever created, for tests and benchmarks. */
  created = 0;
  private readonly spare: number;
  private readonly maxBooting: number;
  private readonly maxIdle: number;
  /** The first spares went: later ones wait for a free core (see WorkerPoolOptions.cpu). */
  private filled = false;
  private topUpTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly opts: WorkerPoolOptions,
    private readonly crashed: (pid: Pid, text: string) => void,
  ) {
    this.spare = opts.spare ?? 2;
    this.maxBooting = opts.maxBooting ?? 4;
    this.maxIdle = opts.maxIdle ?? 8;
  }

  /** An endpoint for process `pid`; what the kernel posts before a worker is free waits in order. */
  spawn(pid: Pid): ProcessEndpoint {
    const queued: [KernelToProc[], PortLike[] | undefined][] = [];
    let slot: Slot | null = null;
    let handler: ((batch: ProcToKernel[]) => void) | null = null;
    this.waiting.push({
      pid,
      attach: (s) => {
        slot = s;
        s.pid = pid;
        s.deliver = (batch) => handler?.(batch);
        this.byPid.set(pid, s);
        this.watchStart(s);
        for (const [b, t] of queued.splice(0)) s.w.post(b, t);
      },
    });
    this.pump();
    return {
      post: (batch, transfer) => {
        if (slot) slot.w.post(batch, transfer);
        else queued.push([batch, transfer]);
      },
      listen: (h) => {
        handler = h;
        return () => {
          if (handler === h) handler = null;
        };
      },
    };
  }

  /**
   * Boots idle workers now until `n` are idle or booting (within the boot limit): the program is about to start
   * that many processes (its MainProcess included), so they boot while it compiles.
   */
  warm(n: number): void {
    if (this.disposed) return;
    while (this.idle.length < n && this.booting < this.maxBooting) this.idle.push(this.fresh());
  }

  /** The process is over: recycle its worker if it is clean, else end it. */
  kill(pid: Pid, reusable = false): void {
    const i = this.waiting.findIndex((w) => w.pid === pid);
    if (i >= 0) this.waiting.splice(i, 1); // never got a worker
    const slot = this.byPid.get(pid);
    if (!slot) return;
    this.byPid.delete(pid);
    slot.pid = null;
    slot.deliver = null;
    this.started(slot);
    if (reusable && slot.ready && !this.disposed && this.idle.length < this.maxIdle + this.spare) {
      this.idle.push(slot);
    } else this.end(slot);
    this.pump();
  }

  /** Ends every worker (the run is over); idle, clean ones go back to their lender where they can (`release`). */
  dispose(): void {
    this.disposed = true;
    if (this.topUpTimer !== null) clearTimeout(this.topUpTimer);
    this.topUpTimer = null;
    this.waiting.length = 0;
    for (const s of this.idle.splice(0)) {
      if (s.ready && !s.dead && s.w.release) {
        s.dead = true;
        s.w.release();
      } else this.end(s);
    }
    for (const s of this.byPid.values()) this.end(s);
    this.byPid.clear();
  }

  private end(slot: Slot): void {
    this.started(slot);
    if (slot.dead) return;
    slot.dead = true;
    if (!slot.ready) this.booting--;
    slot.w.terminate();
  }

  private fresh(): Slot {
    const w = this.opts.create();
    this.created++;
    this.booting++;
    const slot: Slot = { w, ready: false, dead: false, pid: null, deliver: null, startTimer: null };
    w.listen((batch) => {
      if (slot.dead) return;
      if (!slot.ready) {
        slot.ready = true;
        this.booting--;
        if (slot.pid !== null) this.watchStart(slot); // given while it booted: its process's start is watched now
        this.pump();
      }
      // Whatever a worker posts goes to the kernel, which refuses what is not a batch of messages.
      const rest = Array.isArray(batch) && batch[0]?.t === 'ready' ? batch.filter((m) => m?.t !== 'ready') : batch;
      if (Array.isArray(rest) && !rest.length) return;
      if (slot.pid !== null) this.started(slot);
      slot.deliver?.(rest);
    });
    w.onDeath((text) => {
      this.started(slot);
      if (slot.dead) return;
      slot.dead = true;
      if (!slot.ready) this.booting--;
      const i = this.idle.indexOf(slot);
      if (i >= 0) this.idle.splice(i, 1);
      if (slot.pid !== null) {
        this.byPid.delete(slot.pid);
        this.crashed(slot.pid, text);
      }
      this.pump();
    });
    return slot;
  }

  /**
   * An idle worker for a waiting process: a booted one if there is one (a spare still booting may sit ahead of a
   * worker that a process just gave back), else the one that began booting first.
   */
  private takeIdle(): Slot | undefined {
    const i = this.idle.findIndex((s) => s.ready);
    return i >= 0 ? this.idle.splice(i, 1)[0] : this.idle.shift();
  }

  /**
   * Starts the watch on the process just given `slot` (see WorkerPoolOptions.startTimeoutMs), once the worker is
   * ready: its own boot has its own watch (the host's), and a starved machine that takes most of the time to boot a
   * worker must not leave its process only the rest (Firefox beside the CPU hog: "never started within 20 s").
   */
  private watchStart(slot: Slot): void {
    const ms = this.opts.startTimeoutMs;
    if (ms === undefined || !slot.ready) return;
    this.started(slot);
    slot.startTimer = setTimeout(() => {
      slot.startTimer = null;
      const pid = slot.pid;
      if (pid === null || slot.dead) return;
      this.byPid.delete(pid);
      slot.pid = null;
      slot.deliver = null;
      this.end(slot);
      this.crashed(pid, neverStartedMessage(ms));
      this.pump();
    }, ms);
    (slot.startTimer as { unref?: () => void }).unref?.();
  }

  /** The process on `slot` spoke (or is over): no more watch on its start. */
  private started(slot: Slot): void {
    if (slot.startTimer === null) return;
    clearTimeout(slot.startTimer);
    slot.startTimer = null;
  }

  /** Gives waiting processes a worker (idle first, then new ones within the boot limit); keeps the spares. */
  private pump(): void {
    if (this.disposed) return;
    while (this.waiting.length) {
      const slot = this.takeIdle() ?? (this.booting < this.maxBooting ? this.fresh() : null);
      if (!slot) break;
      this.waiting.shift()!.attach(slot);
    }
    if (this.waiting.length) return;
    if (this.filled && this.opts.cpu) return this.topUpLater(this.opts.cpu);
    while (this.idle.length < this.spare && this.booting < this.maxBooting) this.idle.push(this.fresh());
    this.filled = true;
  }

  /** Boots one missing spare at a time, once a core was left unused for TOP_UP_CHECK_MS. */
  private topUpLater(cpu: { used: () => number; cores: number }): void {
    if (this.topUpTimer !== null || this.idle.length >= this.spare) return;
    const used = cpu.used();
    const at = performance.now();
    this.topUpTimer = setTimeout(() => {
      this.topUpTimer = null;
      if (this.disposed || this.waiting.length) return;
      const busyCores = (cpu.used() - used) / Math.max(1, performance.now() - at);
      if (busyCores <= cpu.cores - 1 && this.booting < this.maxBooting) this.idle.push(this.fresh());
      this.topUpLater(cpu);
    }, TOP_UP_CHECK_MS);
    (this.topUpTimer as { unref?: () => void }).unref?.(); // Node: never keep the run alive for a spare
  }
}
