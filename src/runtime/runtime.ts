// One process's runtime: talks to the kernel, evaluates the module with its __name__, runs the target,
// maps exceptions and sys.exit to exit codes, and prints tracebacks.
import type {
  Call,
  Endpoint,
  ExitReason,
  KernelToProc,
  ObjectKind,
  Pid,
  ProcToKernel,
  ProcessInit,
  Program,
} from '../protocol/messages';
import { INIT_PID } from '../protocol/messages';
import { epochNow } from '../protocol/epoch';
import { bootProcess, endByError } from './boot';
import { callLine } from './callSite';
import { type Reply, Calls } from './calls';
import { Checks } from './checks';
import { checkTimeout, errorFromWire } from './errors';
import { Handles } from './handles';
import type { makeModules } from './modules';
import { ModuleNames } from './moduleNames';
import { Outbox } from './outbox';
import { PidBlocks } from './pidBlocks';
import type { ProcessModule } from './process';
import { type HeldAnswer, RunLimits } from './runLimits';
import { SeededRandom } from './random';
import type { HandleRef } from './serialize';
import { formatTraceback } from './traceback';
import type { SchedClient } from './sched';

export interface RuntimeOptions {
  /** Evaluates the program in this process: imports the module (workers) or calls a test's function. */
  load: (rt: ProcessRuntime) => Promise<unknown>;
  /** Real workers put print, range, __name__, console and the error classes on globalThis; tests don't. */
  installGlobals: boolean;
  /** Lets the host route uncaught errors and unhandled rejections here. */
  onCrash?: (handler: (err: unknown) => void) => void;
  /** Whether the worker could host another process after this one exits (no timers of this one left). */
  canRecycle?: () => boolean;
  /**
   * Milliseconds a pipe's direct reader waits on its link alone before it also tells the kernel it waits
   * (default 1): a reply that close costs the kernel nothing. Tests on a fake clock pass 0.
   */
  linkQuietMs?: number;
  /** How a Pool worker times its chunks (default performance.now); tests on a fake clock pass that clock. */
  taskClock?: () => number;
}

/** The runtime of one process. Hosts create one per worker; tests create several in one thread. */
export class ProcessRuntime {
  pid: Pid = 0;
  ppid: Pid = 0;
  originalPpid: Pid = 0;
  parentName: string | null = null;
  /** The parent's pid as the kernel sees it now, in shared memory (ProcessInit.ppidCell), or null. */
  private ppidCell: Int32Array | null = null;
  name = '';
  identity: number[] = [];
  daemon = false;
  isMain = true;
  /** True while a child evaluates the module (CPython's "bootstrapping phase"). */
  importingMain = false;
  clockOrigin = 0;
  /** Program ms = prog + (wall now - wall) × rate (see ProcessInit.clock). */
  clock = { wall: 0, prog: 0, rate: 1 };
  speed = 1;
  seed = 0;
  cpuCount = 1;
  argv: string[] = [];
  /** The run's caps as this process applies them at start(), put() and send() (see RunLimits). */
  readonly limits = new RunLimits(async () => (await this.call({ op: 'held' })) as HeldAnswer);
  program: Program = { code: '', source: '', filename: 'main.ts' };
  source = '';
  filename = 'main.ts';
  /** The URLs the program was imported from, which some engines name its stack frames by (see userFrames). */
  readonly programUrls: string[] = [];
  /** Counts every Process object constructed here (CPython's `_process_counter`). */
  processCounter = 0;
  /** Started children not yet reaped, by pid. */
  readonly children = new Map<Pid, object>();
  random = new SeededRandom('0');
  processModule!: ProcessModule;
  modules!: ReturnType<typeof makeModules>['modules'];
  globals!: ReturnType<typeof makeModules>['globals'];
  current: object | null = null;
  private exited = false;
  private readonly handles = new Handles();
  /** How to rebuild a handle of each kind in this process (registered by the modules). */
  readonly handleFactories = this.handles.factories;
  /** What to do when the kernel notifies us about one of our objects (a Pool's jobs and workers). */
  readonly notifyHandlers = new Map<string, (data: unknown) => void>();
  /** Gives back the items of a queue leased to this process (set by the queue module). */
  onRecall: (id: string) => void = () => {};
  /** A direction's direct link changed, or a message came for its direct reader (by object id: pipe, queue). */
  readonly linkHandlers = new Map<string, (msg: KernelToProc & { t: 'link' }) => void>();
  get linkQuietMs(): number {
    return this.opts.linkQuietMs ?? 1;
  }
  /** Now, for timing a Pool chunk (see RuntimeOptions.taskClock). */
  taskNow(): number {
    return this.opts.taskClock ? this.opts.taskClock() : performance.now();
  }

  /** Before the exit is reported: a promise to wait for (a direct reader gives its messages back), or null. */
  beforeExit: (() => Promise<void> | null) | null = null;
  private leaving = false;

  /** Run before every batch goes to the kernel (a pipe's port link sends its own batch then). */
  get flushHooks(): Set<() => void> {
    return this.outbox.hooks;
  }
  /** Display names the kernel gave our shared objects (`Queue#1`). */
  readonly objectNames = this.handles.names;
  /** Synchronous state pushed by the kernel (`isSet()`, `nWaiting`…), per object id. */
  readonly objectState = this.handles.state;
  private readonly names = new ModuleNames();
  private readonly pidBlocks = new PidBlocks(() => this.send({ t: 'pidsLow' }));
  private readonly outbox: Outbox;
  private readonly calls = new Calls((msg) => {
    this.send(msg);
    this.flush(); // we are about to wait: do not let the request sit in the outbox
  });
  private readonly checks = new Checks((err) => this.uncaught(err, !this.isMain && !this.importingMain));
  /** Resolves when this process has reported its exit (tests wait on it). */
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    private readonly endpoint: Endpoint<KernelToProc, ProcToKernel>,
    private readonly opts: RuntimeOptions,
  ) {
    this.done = new Promise((r) => (this.resolveDone = r));
    this.outbox = new Outbox(endpoint);
    this.unlisten = endpoint.listen((batch) => {
      this.sched?.batchStarts(batch);
      for (const msg of batch) this.onMessage(msg);
    });
  }

  private readonly unlisten: () => void;
  /** Set when the exit came from a crash handler (an unhandled rejection while other code may still run). */
  crashed = false;
  /** This process's side of a controlled run (src/runtime/sched), or null in a free run. */
  sched: SchedClient | null = null;

  // ---- kernel link -----------------------------------------------------------------------

  private onMessage(msg: KernelToProc): void {
    switch (msg.t) {
      case 'init':
        void this.boot(msg);
        return;
      case 'reply':
        this.calls.settle(msg);
        return;
      case 'childExit':
        this.processModule.childExited(msg.pid, msg.code);
        return;
      case 'parentExit': // where there is no ppid cell, the only news of the parent's death
        this.ppid = INIT_PID;
        return;
      case 'pids':
        this.pidBlocks.add(msg.pids);
        return;
      case 'raise':
        this.uncaught(errorFromWire(msg.error.name, msg.error.message), !this.isMain && !this.importingMain);
        return;
      case 'nack':
        this.checks.fail(msg.seq, msg.error);
        return;
      case 'ack':
        this.checks.ack(msg.upTo);
        return;
      case 'notify':
        try {
          this.notifyHandlers.get(msg.id)?.(msg.data);
        } finally {
          this.send({ t: 'notified' }); // after whatever the handler sent (a new worker's spawn)
        }
        return;
      case 'clock':
        this.clock = msg.clock;
        return;
      case 'room':
        this.limits.onRoom(msg);
        return;
      case 'freed':
        this.limits.onFreed(msg.total);
        return;
      case 'recall':
        this.onRecall(msg.id);
        return;
      case 'link':
        this.linkHandlers.get(msg.id)?.(msg);
        return;
      case 'state':
        this.handles.update(msg.id, msg.state);
        return;
    }
  }

  /**
   * Queues a message to the kernel. Batches go out when this task ends (a macrotask, so that a loop of
   * `await q.put(x)` sends hundreds of items per message), when 256 are waiting, or at once before a wait.
   */
  send(msg: ProcToKernel): void {
    this.outbox.send(msg);
  }

  /** Flushes when this task ends (a pipe's port link has something to send). */
  requestFlush(): void {
    this.outbox.requestFlush();
  }

  flush(): void {
    this.outbox.flush();
  }

  /** See Outbox.flushEager. */
  flushEager(): void {
    this.outbox.flushEager();
  }

  /** See Outbox.flushLinks. */
  flushLinks(): void {
    this.outbox.flushLinks();
  }

  /** See Outbox.flushIfOlder. */
  flushIfOlder(ms: number): void {
    this.outbox.flushIfOlder(ms);
  }

  /** See Outbox.sendAppending: one op per batch for a loop of non-blocking calls. */
  sendAppending(id: string, method: string, arg: unknown, lazy = false): void {
    this.outbox.sendAppending(id, method, arg, lazy);
  }

  /**
   * A non-blocking call that can fail in the kernel (`taskDone`, a Lock's `release`): sent with the batch like
   * any op (calls of one method on one object in a batch share one message), it returns a promise that the
   * kernel's answer settles. Awaited, it rejects with the kernel's error where CPython raises; not awaited, it
   * costs no round trip, and a failure ends the process as an uncaught exception. `likelyToFail`: see Checks.start.
   */
  checkedOp(id: string, method: string, likelyToFail: boolean): Promise<void> {
    if (this.exited) return new Promise(() => {});
    const { seq, promise } = this.checks.start(likelyToFail);
    this.outbox.sendAppending(id, method, seq, false, true);
    return promise;
  }

  /**
   * A blocking operation: resolves with the kernel's answer, or throws its error. The error is thrown here,
   * after the await, so V8's async stack trace runs through the user's awaiting lines (free, unlike
   * capturing a stack at every call). After exit it never settles.
   */
  async call(call: Call): Promise<unknown> {
    const answer = await this.startCall(call).answer;
    if (answer.ok) return answer.value;
    throw errorFromWire(answer.error.name, answer.error.message, answer.error.traceback);
  }

  /**
   * A blocking operation the caller may stop waiting for (`drop`: the answer, if any, is ignored): a pipe's
   * direct reader waits on the kernel and on its link at once.
   */
  startCall(call: Call): { answer: Promise<Reply>; drop: () => void } {
    if ('timeout' in call) checkTimeout(call.timeout);
    if (this.exited) return { answer: new Promise(() => {}), drop: () => {} };
    return this.calls.start(call, callLine(call, this.filename));
  }

  /** Blocking operations and checked calls sent and not yet answered: what the kernel will answer. */
  get pendingCalls(): number {
    return this.calls.outstanding + this.checks.outstanding;
  }

  /** How many blocking operations (`call`) this process has made so far. */
  get callCount(): number {
    return this.calls.count;
  }

  /**
   * `os.getppid()`: the parent's pid as the kernel sees it now (INIT_PID once the parent has died), read from
   * shared memory where the run has it, so that even a loop that never yields sees the re-parenting at once.
   */
  currentPpid(): Pid {
    return this.ppidCell ? Atomics.load(this.ppidCell, 0) : this.ppid;
  }

  /** Whether the process that started this one is still alive (`parentProcess().isAlive()`). */
  get parentIsAlive(): boolean {
    return this.currentPpid() === this.originalPpid;
  }

  /** Writes to this process's stdout or stderr. */
  write(stream: 'stdout' | 'stderr', text: string): void {
    this.send({ t: 'out', stream, text });
  }

  /** The next pid from this process's reserved block (so `start()` can set `pid` synchronously). */
  takePid(): Pid {
    return this.pidBlocks.take();
  }

  // ---- shared objects --------------------------------------------------------------------

  /** Registers a new shared object with the kernel and returns its id (`pid.n`). */
  newObject(kind: ObjectKind, opts: Record<string, unknown>, handle: object): string {
    const id = this.handles.add(this.pid, handle);
    this.send({ t: 'new', id, kind, opts });
    return id;
  }

  /** This process's handle for a shared object that arrived in args (one object per id). */
  handleFor(ref: HandleRef): unknown {
    return this.handles.handleFor(ref);
  }

  /** Copies a queue item or message for another process (pickling): functions by name, no handles. */
  encodeItem(item: unknown): unknown {
    return this.names.encode(item);
  }

  /** The inverse of `encodeItem`, in the receiving process. */
  decodeItem(v: unknown): unknown {
    return this.names.decode(v, this.filename, this.handles);
  }

  /** An error as it travels to another process: class name, message and this process's traceback. */
  wireError(e: unknown): { name: string; message: string; traceback: string } {
    const name = e instanceof Error ? e.name : 'Exception';
    const message = e instanceof Error ? e.message : String(e);
    return { name, message, traceback: formatTraceback(e, this.source, this.filename, this.programUrls) };
  }

  /** Program seconds since the run started (wall time × speed). */
  programSeconds(): number {
    const { wall, prog, rate } = this.clock;
    return (prog + (epochNow() - wall) * rate) / 1000;
  }

  /** `Queue#1` once the kernel has named it, else the id. */
  objectName(id: string, kind: string): string {
    return this.handles.nameOf(id, kind);
  }

  // ---- names (pickling by reference) -----------------------------------------------------

  /** Called by line 1 of the compiled module: getters for every top-level name. */
  register(getters: Record<string, unknown>): void {
    this.names.register(getters);
  }

  /** The top-level name bound to exactly this value, or null. */
  nameOf(value: unknown): string | null {
    return this.names.nameOf(value);
  }

  nameOfOrThrow(fn: (...a: unknown[]) => unknown): string {
    return this.names.nameOfOrThrow(fn);
  }

  /** The value of a top-level name in this process's own module (CPython's unpickling by reference). */
  lookup(name: string): unknown {
    return this.names.lookup(name, this.filename);
  }

  // ---- life of the process ---------------------------------------------------------------

  private boot(init: ProcessInit): Promise<void> {
    this.ppidCell =
      typeof SharedArrayBuffer === 'function' && init.ppidCell instanceof SharedArrayBuffer
        ? new Int32Array(init.ppidCell, 0, 1)
        : null;
    return bootProcess(this, init, { opts: this.opts, pidBlocks: this.pidBlocks, outbox: this.outbox });
  }

  /** An exception nobody caught: sys.exit's code, or a traceback on stderr and exit code 1. */
  uncaught(err: unknown, header: boolean): void {
    if (!this.exited) endByError(this, err, header);
  }

  /** Reports the end of this process's code; the kernel does the rest (daemons, joins, exit). */
  exit(code: number, reason: ExitReason): void {
    if (this.exited || this.leaving) return;
    // Messages that came by a pipe's direct link and were not taken go back to the kernel first (an OS pipe
    // keeps what nobody read): the writer must stop first, so this takes a message or two.
    const handBack = this.beforeExit?.();
    if (handBack) {
      this.leaving = true;
      void handBack.then(() => {
        this.leaving = false;
        this.exit(code, reason);
      });
      return;
    }
    const reusable = !this.crashed && (this.opts.canRecycle?.() ?? false);
    this.send({ t: 'exit', code, reason, reusable });
    this.flush();
    this.exited = true;
    this.outbox.close();
    this.unlisten(); // what the kernel says from now on is for the next process this worker hosts
    this.resolveDone();
  }
}
