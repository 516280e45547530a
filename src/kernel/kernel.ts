// The "OS" of a run: process table, pids, lifecycle, waits, signals, re-parenting and the trace.
import type { Call, Pid, ProcToKernel } from '../protocol/messages';
import {
  DEFAULT_MAX_HELD_BYTES,
  DEFAULT_MAX_OUTPUT_CHARS,
  DEFAULT_MAX_OUTPUT_LINES,
  DEFAULT_MAX_PROCESSES,
} from '../protocol/limits';
import { MAIN_PID } from '../protocol/messages';
import type { BlockedOn, RunResult, TraceEvent } from '../protocol/trace';
import { DEADLOCK_EXIT_CODE, findDeadlock } from './deadlock';
import type { Clock, KernelOptions, ProcessHost } from './host';
import { Lifecycle } from './lifecycle';
import { makeObjectHost } from './objectHost';
import type { ObjectHost } from './objects/base';
import { Outboxes } from './outboxes';
import { LIVE, type Proc, type ProcInfo, ProcTable, type ProcState } from './procTable';
import { ProgramClock } from './programClock';
import { SharedObjects } from './sharedObjects';
import { FIRST_BLOCK_PID, Spawner } from './spawner';
import { TraceRecorder } from './traceRecorder';
import type { TraceStore } from './traceStore';
import { fallbackClock } from './util';
import { MAX_BATCH, MessageGuard } from './validate';
import { Waits } from './waits';

export type { ProcInfo, ProcState };

/**
 * The kernel. Given the same messages and clock it makes the same decisions, so it is tested
 * directly. Hosts give it workers (`ProcessHost`) and forward its events.
 *
 * It dispatches the messages of processes; its parts keep the state: the process table (`ProcTable`),
 * the outboxes (`Outboxes`), the trace (`TraceRecorder`), shared objects (`SharedObjects`, seen by them
 * through `makeObjectHost`), waits (`Waits`), the start of processes (`Spawner`) and their end (`Lifecycle`).
 */
export class Kernel {
  private readonly host: ProcessHost;
  private readonly clock: Clock;
  private readonly onEnd: (r: RunResult) => void;
  private t0 = 0;
  private readonly time: ProgramClock;
  private readonly procs = new ProcTable(FIRST_BLOCK_PID);
  private readonly rec: TraceRecorder;
  private readonly out: Outboxes;
  private readonly objects: SharedObjects;
  private readonly waits: Waits;
  private readonly life: Lifecycle;
  private readonly objectHost: ObjectHost;
  private readonly guard: MessageGuard;
  private readonly spawner: Spawner;
  private ended: RunResult | null = null;
  /** Set by stop() and the deadlock detector before they kill everything: how the run ends. */
  private ending: { exitCode: number; reason: RunResult['reason'] } | null = null;
  private deadlockCheckQueued = false;
  /** The trace: item events packed in columns, the rest as objects (see TraceStore). */
  readonly trace: TraceStore;

  constructor(opts: KernelOptions) {
    this.host = opts.host;
    this.clock = opts.clock ?? fallbackClock();
    const speed = opts.speed ?? 1;
    const maxHeldBytes = opts.maxHeldBytes ?? DEFAULT_MAX_HELD_BYTES;
    this.onEnd = opts.onEnd ?? (() => {});
    if (!(speed > 0) || !Number.isFinite(speed))
      throw new RangeError(`speed must be a positive number, got ${String(opts.speed)}`);
    this.time = new ProgramClock(this.clock, speed);
    const procs = this.procs;
    const time = this.time;
    const rec = new TraceRecorder(time, {
      lifecycleOnly: opts.traceLevel === 'lifecycle',
      onEvent: opts.onEvent ?? (() => {}),
      onItems: opts.onItems ?? (() => {}),
      // Program time runs at the run's speed only while no live process is booting or running code.
      onRateEvent: () => time.setIdle(procs.idle()),
      procs: procs.byPid,
      maxOutputLines: opts.maxOutputLines ?? DEFAULT_MAX_OUTPUT_LINES,
      maxOutputChars: opts.maxOutputChars ?? DEFAULT_MAX_OUTPUT_CHARS,
    });
    const pipeLinks =
      opts.pipeLinks ?? (typeof SharedArrayBuffer === 'function' ? 'sab' : opts.host.channel ? 'port' : 'off');
    const objects = new SharedObjects(pipeLinks, this.host, maxHeldBytes);
    const out = new Outboxes(
      time,
      () => rec.announceItems(),
      () => this.spawner.roomShares(),
      () => objects.freed,
    );
    const waits = new Waits(procs, time, rec, out, () => this.checkDeadlockSoon());
    const onExited = () => {
      this.checkEnd();
      this.checkDeadlockSoon();
    };
    const life = new Lifecycle({ procs, host: this.host, time, rec, out, objects, waits, onExited });
    this.rec = rec;
    this.trace = rec.trace;
    this.out = out;
    this.objects = objects;
    this.waits = waits;
    this.life = life;
    this.objectHost = makeObjectHost({ procs, objects, rec, out, waits, life, leases: opts.leases ?? true });
    this.guard = new MessageGuard(procs, objects);
    const settings = {
      program: opts.program,
      speed,
      seed: opts.seed ?? 0,
      cpuCount: opts.cpuCount ?? 2,
      argv: opts.argv ?? [opts.program.filename],
      maxProcesses: opts.maxProcesses ?? DEFAULT_MAX_PROCESSES,
      maxHeldBytes,
      ppidCells: opts.ppidCells ?? typeof SharedArrayBuffer === 'function',
    };
    const parts = { procs, host: this.host, out, rec, objects, life, t0: () => this.t0 };
    this.spawner = new Spawner(settings, { ...parts, receive: (p, batch) => this.receive(p, batch) });
  }

  /** Starts MainProcess. */
  start(): void {
    this.t0 = this.clock.now();
    this.time.restart();
    this.spawner.startMain();
  }

  /** Ends every process at once (the Stop button, Ctrl+C). */
  stop(): void {
    this.endWith({ exitCode: 130, reason: 'stopped' });
  }

  /** Program time now, in ms. */
  now(): number {
    return this.time.now();
  }

  /** Direct links given to pipe directions so far (see KernelOptions.pipeLinks). */
  get pipeLinksMade(): number {
    return this.objects.pipeLinksMade;
  }

  /** Every event so far (the whole trace, except output past the stored cap), in order, as objects. */
  get events(): TraceEvent[] {
    return this.trace.events();
  }

  /** The process table, init excluded. */
  snapshot(): ProcInfo[] {
    return this.procs.snapshot();
  }

  /** How the run ended, or null while it runs. */
  result(): RunResult | null {
    return this.ended;
  }

  /** The host lost a worker (out of memory, a crash of the engine): the process dies with code 1. */
  crashed(pid: Pid, text: string): void {
    this.life.crashed(pid, text);
  }

  // ---- messages ---------------------------------------------------------------------------

  /**
   * A batch of messages from process `p`, each checked (MessageGuard) and handled in order; its checked calls
   * are acknowledged after it. A message the kernel must refuse ends `p`, and only `p`.
   */
  private receive(p: Proc, batch: unknown): void {
    if (!LIVE.has(p.state)) return; // a killed process is dead at once: drop whatever it still says
    this.rec.beginBatch();
    try {
      if (!Array.isArray(batch) || batch.length > MAX_BATCH)
        return this.refuse(p, 'batch', 'it is not an array of messages of a sane length');
      for (const msg of batch as unknown[]) {
        if (!LIVE.has(p.state)) return;
        try {
          const why = this.guard.check(p, msg);
          if (why !== null) return this.refuse(p, kindOf(msg), why);
          this.handle(p, msg as ProcToKernel);
        } catch (e) {
          // A bug of the kernel's, or a message the guard let through that it should not have: either way,
          // the run goes on without the process that sent it.
          const what = e instanceof Error && typeof e.message === 'string' ? e.message : typeof e;
          return this.refuse(p, kindOf(msg), `handling it failed (${what})`);
        }
      }
      this.out.ackChecked(p);
    } finally {
      this.rec.endBatch();
    }
  }

  /** Ends `p` for a message the kernel refused, with a Python-style line on its stderr that blames it. */
  private refuse(p: Proc, kind: string, why: string): void {
    const clause = why.length > 300 ? `${why.slice(0, 300)}…` : why;
    p.reusable = false;
    this.life.crashed(
      p.pid,
      `SystemError: mpplay's kernel refused a '${kind}' message from this process: ${clause}. ` +
        "A program must not talk to mpplay's kernel itself; this process was ended.",
    );
  }

  private handle(p: Proc, msg: ProcToKernel): void {
    switch (msg.t) {
      case 'boot':
        p.state = 'running';
        this.rec.emit({ kind: 'start', pid: p.pid, ppid: p.ppid });
        this.rec.emit({ kind: 'running', pid: p.pid, ppid: p.ppid, after: 'start' });
        return;
      case 'phase':
        return;
      case 'notified':
        p.notifying = Math.max(0, p.notifying - 1);
        this.checkDeadlockSoon();
        return;
      case 'out':
        this.rec.emit({ kind: 'output', pid: p.pid, ppid: p.ppid, stream: msg.stream, text: msg.text });
        return;
      case 'spawn':
        this.spawner.spawnChild(p, msg.spec);
        return;
      case 'call':
        p.lastCallId = msg.id;
        // The line goes on the `sleeping`/`blocked` event the call makes now (a later block has no line).
        this.waits.callLine = Number.isSafeInteger(msg.line) && (msg.line as number) > 0 ? (msg.line as number) : null;
        try {
          this.call(p, msg.id, msg.call);
        } finally {
          this.waits.callLine = null;
        }
        return;
      case 'signal': {
        const target = this.procs.live(msg.pid); // a child of p (MessageGuard)
        if (target) this.life.kill(target, msg.signal, p.pid, msg.signal === 9 ? 'killed' : 'terminated');
        return;
      }
      case 'reap': {
        const target = this.procs.get(msg.pid);
        if (target?.state === 'zombie' && target.ppid === p.pid) this.life.reap(target, p.pid);
        return;
      }
      case 'pidsLow':
        this.spawner.morePids(p);
        return;
      case 'exit':
        p.reusable = msg.reusable === true;
        this.life.beginExit(p, msg.code, msg.reason);
        return;
      case 'ready':
        return; // for the host's worker pool
      case 'new': {
        const obj = this.objects.create(msg.id, msg.kind, msg.opts, p.pid, this.objectHost);
        this.rec.emit({ kind: 'object', pid: p.pid, ppid: p.ppid, obj: obj.name, objKind: msg.kind, id: msg.id });
        this.out.send(p, { t: 'state', id: msg.id, state: { name: obj.name, ...obj.state() } });
        return;
      }
      case 'op': {
        const obj = this.objects.get(msg.id)!; // MessageGuard: it exists and p may use it
        if (msg.checked) {
          // Each arg is a checked call's sequence number; the batch's `ack` settles them (see Outboxes.ackChecked).
          p.checkedUpTo = Math.max(p.checkedUpTo, ...(msg.args as number[]));
          p.ackDue = true;
        }
        obj.op(p.pid, msg.method, msg.args);
        return;
      }
    }
  }

  private call(p: Proc, id: number, call: Call): void {
    switch (call.op) {
      case 'sleep':
        return this.waits.sleep(p, id, call.seconds);
      case 'join':
        return this.life.join(p, id, call.pid, call.timeout);
      case 'held':
        // From now on its batches tell it what is freed (Outboxes.flush), counted from this answer on.
        p.watchesHeld = true;
        p.freedTold = this.objects.freed;
        return this.out.reply(p, id, [this.objects.held, this.objects.freed]);
      case 'obj': {
        const obj = this.objects.get(call.id)!; // MessageGuard: it exists and p may use it
        obj.call(call.method, call.args, { pid: p.pid, callId: id, timeout: call.timeout });
        return;
      }
    }
  }

  // ---- deadlock ---------------------------------------------------------------------------

  /** After anything blocks or ends: if no live process can ever proceed, say why and end the run. */
  private checkDeadlockSoon(): void {
    if (this.deadlockCheckQueued || this.ended) return;
    this.deadlockCheckQueued = true;
    void Promise.resolve().then(() => {
      this.deadlockCheckQueued = false;
      if (this.ended) return;
      const live = this.procs.liveProcs();
      if (live.some((p) => p.notifying > 0)) return; // it may still act on what it was told
      // A wait that something already on its way will end (a pipe message sent by a direct link).
      if (live.some((p) => p.blockedOn && this.objects.named(p.blockedOn.obj)?.resolvable(p.pid))) return;
      const found = findDeadlock(live, (w) => this.causeOf(w.pid, w.blockedOn!));
      if (!found) return;
      this.rec.emit({ kind: 'deadlock', pid: 0, ppid: 0, report: found.report, waits: found.waits });
      this.rec.emit({ kind: 'output', pid: 0, ppid: 0, stream: 'stderr', text: `${found.report}\n` });
      this.endWith({ exitCode: DEADLOCK_EXIT_CODE, reason: 'deadlock' });
    });
  }

  private causeOf(pid: Pid, on: BlockedOn): string {
    const obj = this.objects.named(on.obj);
    if (obj) return obj.cause(pid, on.op);
    if (on.op === 'exit') {
      const p = this.procs.get(pid);
      const names = p ? this.procs.liveChildren(p).map((c) => c.name) : [];
      return `its code has finished, and it waits for its non-daemon children (${names.join(', ')}), which wait too`;
    }
    if (on.op === 'join') {
      const target = this.procs.liveProcs().find((q) => q.name === on.obj);
      return target?.blockedOn ? `${target.name} never ends: it waits in ${target.blockedOn.label}` : '';
    }
    return '';
  }

  // ---- end of run -------------------------------------------------------------------------

  /** Ends the run now: every live process is killed, and the run reports `how`. */
  private endWith(how: { exitCode: number; reason: RunResult['reason'] }): void {
    if (this.ended || this.ending) return;
    this.ending = how;
    // Youngest first (the table keeps creation order, a child after its parent), as a process group dies at once:
    // no process outlives its parent, so none is adopted by init (the process table keeps every parent).
    for (const p of this.procs.liveProcs().reverse()) if (LIVE.has(p.state)) this.life.kill(p, 9, 0, 'stopped');
    this.finish(how);
  }

  private checkEnd(): void {
    if (this.ended || this.ending) return;
    const main = this.procs.get(MAIN_PID);
    if (!main || LIVE.has(main.state)) return;
    for (const p of this.procs.values()) if (LIVE.has(p.state)) return;
    this.finish({ exitCode: main.exitCode ?? 1, reason: 'exited' });
  }

  private finish(r: { exitCode: number; reason: RunResult['reason'] }): void {
    if (this.ended) return;
    this.objects.finish();
    this.ended = { ...r, at: this.now(), wallMs: this.clock.now() - this.t0 };
    this.time.clear();
    if (this.trace.droppedOutput) this.ended.outputDropped = this.trace.droppedOutput;
    this.out.flush(); // announces the last item rows too
    this.onEnd(this.ended);
  }
}

/** A message's kind as a refusal names it: its `t` if that is a plain word, else `?`. */
function kindOf(msg: unknown): string {
  const t = (msg as { t?: unknown } | null)?.t;
  return typeof t === 'string' && /^[A-Za-z]{1,16}$/.test(t) ? t : '?';
}
