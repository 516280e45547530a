// The "OS" of a run: process table, pids, lifecycle, waits, signals, re-parenting and the trace.
import type {
  Call,
  KernelToProc,
  ObjectId,
  ObjectKind,
  Pid,
  PipeLink,
  PortLike,
  ProcToKernel,
  Program,
  SpawnSpec,
} from '../protocol/messages';
import { INIT_PID, MAIN_PID, PIPE_RING_BYTES, PROTOCOL_VERSION } from '../protocol/messages';
import type { BlockedOn, RunResult, TraceEvent } from '../protocol/trace';
import { isItemEvent } from '../protocol/packedTrace';
import { DEADLOCK_EXIT_CODE, findDeadlock } from './deadlock';
import { type DistributiveOmit, fallbackClock, findHandles } from './util';
import { ProgramClock } from './programClock';
import { TraceStore } from './traceStore';
import type { Clock, KernelOptions, ProcessEndpoint, ProcessHost } from './host';
import type { Answer, Caller, ObjectHost, Parked, SyncObject } from './objects/base';
import { PoolObject } from './objects/pool';
import { createObject } from './objects/registry';

/** A process's state as the process table shows it. */
export type ProcState = 'created' | 'running' | 'sleeping' | 'blocked' | 'exiting' | 'zombie' | 'reaped';

const LIVE: ReadonlySet<ProcState> = new Set(['created', 'running', 'sleeping', 'blocked', 'exiting']);

/** One row of the process table, as `snapshot()` returns it. */
export interface ProcInfo {
  pid: Pid;
  ppid: Pid;
  name: string;
  daemon: boolean;
  state: ProcState;
  exitCode: number | null;
  blockedOn: BlockedOn | null;
}

interface Waiter {
  pid: Pid;
  id: number;
  timer: unknown;
}

interface Proc extends ProcInfo {
  endpoint: ProcessEndpoint | null;
  unlisten: (() => void) | null;
  children: Set<Pid>;
  /** Outstanding calls of this process, by call id, with their timers. */
  pending: Map<number, { timer: unknown; cancel?: () => void }>;
  /** Processes blocked in join() on this one. */
  joiners: Waiter[];
  outbox: KernelToProc[];
  /** MessagePorts that go with the next batch (a pipe's direct link). */
  transfer: PortLike[];
  exiting: { code: number; reason: import('../protocol/messages').ExitReason } | null;
  /** The program-clock version this process last received. */
  clockVersion: number;
  /** Notifications sent but not yet acknowledged: a blocked process may still act on them. */
  notifying: number;
  /** Its runtime said, at exit, that the worker could host another process. */
  reusable: boolean;
}

/**
 * Output events kept in the trace; past this a print flood is still shown live (onEvent) but not stored,
 * so a `while (true) print(x)` cannot grow the kernel's memory without bound.
 */
const MAX_STORED_OUTPUT = 200_000;

/** Per-item events, left out at trace level `lifecycle`. */
const ITEM_KINDS: ReadonlySet<string> = new Set(['put', 'take', 'taskDone', 'lock', 'task']);

/** Events that may change whether every live process is idle (sleeping or waiting). */
const RATE_KINDS: ReadonlySet<string> = new Set([
  'spawn',
  'start',
  'running',
  'unblocked',
  'sleeping',
  'blocked',
  'exit',
]);

/** Pids a child may hand out before asking for more; MainProcess gets a bigger block. */
const CHILD_PID_BLOCK = 32;
const MAIN_PID_BLOCK = 1024;

/**
 * The kernel. Given the same messages and clock it makes the same decisions, so it is tested
 * directly. Hosts give it workers (`ProcessHost`) and forward its events.
 */
export class Kernel {
  private readonly procs = new Map<Pid, Proc>();
  private readonly host: ProcessHost;
  private readonly clock: Clock;
  private readonly program: Program;
  private readonly speed: number;
  private readonly seed: number;
  private readonly cpuCount: number;
  private readonly argv: string[];
  private readonly maxProcesses: number;
  private readonly onEvent: (ev: TraceEvent) => void;
  private readonly onItems: (count: number) => void;
  private readonly onEnd: (r: RunResult) => void;
  private t0 = 0;
  private time: ProgramClock;
  private nextPid = MAIN_PID + 1 + MAIN_PID_BLOCK;
  private flushScheduled = false;
  private readonly dirty = new Set<Proc>();
  private ended: RunResult | null = null;
  /** Set by stop() and the deadlock detector before they kill everything: how the run ends. */
  private ending: { exitCode: number; reason: RunResult['reason'] } | null = null;
  private readonly objects = new Map<ObjectId, SyncObject>();
  private readonly objectsByName = new Map<string, SyncObject>();
  private readonly kindCounts = new Map<ObjectKind, number>();
  private itemSeq = 0;
  private deadlockCheckQueued = false;
  private readonly objectHost: ObjectHost;
  private readonly lifecycleOnly: boolean;
  private readonly pipeLinks: 'sab' | 'port' | 'off';
  /** Direct links given to pipe directions so far (see KernelOptions.pipeLinks). */
  pipeLinksMade = 0;
  /** The trace: item events packed in columns, the rest as objects (see TraceStore). */
  readonly trace = new TraceStore(MAX_STORED_OUTPUT);
  /** Item rows already announced through onItems. */
  private itemsAnnounced = 0;
  /** While a batch of messages is handled: the program time of its events (one clock read per batch). */
  private batchAt: number | null = null;
  private inBatch = false;

  constructor(opts: KernelOptions) {
    this.host = opts.host;
    this.clock = opts.clock ?? fallbackClock();
    this.program = opts.program;
    this.speed = opts.speed ?? 1;
    this.seed = opts.seed ?? 0;
    this.cpuCount = opts.cpuCount ?? 2;
    this.argv = opts.argv ?? [opts.program.filename];
    this.maxProcesses = opts.maxProcesses ?? 512;
    this.onEvent = opts.onEvent ?? (() => {});
    this.onItems = opts.onItems ?? (() => {});
    this.onEnd = opts.onEnd ?? (() => {});
    if (!(this.speed > 0) || !Number.isFinite(this.speed))
      throw new RangeError(`speed must be a positive number, got ${String(opts.speed)}`);
    this.objectHost = this.makeObjectHost();
    this.lifecycleOnly = opts.traceLevel === 'lifecycle';
    this.pipeLinks =
      opts.pipeLinks ?? (typeof SharedArrayBuffer === 'function' ? 'sab' : opts.host.channel ? 'port' : 'off');
    this.time = new ProgramClock(this.clock, this.speed);
  }

  /** Starts MainProcess. */
  start(): void {
    this.t0 = this.clock.now();
    this.time = new ProgramClock(this.clock, this.speed);
    const main = this.newProc(MAIN_PID, 0, 'MainProcess', false);
    this.emit({ kind: 'spawn', pid: MAIN_PID, ppid: 0, name: 'MainProcess', daemon: false });
    this.boot(main, null, [MAIN_PID + 1, MAIN_PID + 1 + MAIN_PID_BLOCK]);
  }

  /** Ends every process at once (the Stop button, Ctrl+C). */
  stop(): void {
    this.endWith({ exitCode: 130, reason: 'stopped' });
  }

  /** The program clock for a new process's init, which then needs no separate `clock` message. */
  private clockFor(p: Proc): ReturnType<ProgramClock['mapping']> {
    p.clockVersion = this.time.version;
    return this.time.mapping();
  }

  /** Program time now, in ms. */
  now(): number {
    return this.time.now();
  }

  /** Every event so far (the whole trace, except output past the stored cap), in order, as objects. */
  get events(): TraceEvent[] {
    return this.trace.events();
  }

  /** The process table, init excluded. */
  snapshot(): ProcInfo[] {
    return [...this.procs.values()].map(({ pid, ppid, name, daemon, state, exitCode, blockedOn }) => ({
      pid,
      ppid,
      name,
      daemon,
      state,
      exitCode,
      blockedOn,
    }));
  }

  /** How the run ended, or null while it runs. */
  result(): RunResult | null {
    return this.ended;
  }

  // ---- process creation -------------------------------------------------------------------

  private newProc(pid: Pid, ppid: Pid, name: string, daemon: boolean): Proc {
    const p: Proc = {
      pid,
      ppid,
      name,
      daemon,
      state: 'created',
      exitCode: null,
      blockedOn: null,
      endpoint: null,
      unlisten: null,
      children: new Set(),
      pending: new Map(),
      joiners: [],
      outbox: [],
      transfer: [],
      exiting: null,
      clockVersion: -1,
      notifying: 0,
      reusable: false,
    };
    this.procs.set(pid, p);
    this.procs.get(ppid)?.children.add(pid);
    return p;
  }

  private boot(p: Proc, spawn: SpawnSpec | null, pids: [number, number]): void {
    const endpoint = this.host.spawn(p.pid);
    p.endpoint = endpoint;
    p.unlisten = endpoint.listen((batch) => {
      this.inBatch = true;
      try {
        for (const msg of batch) {
          if (!LIVE.has(p.state)) return; // a killed process is dead at once: drop whatever it still says
          this.handle(p, msg);
        }
      } finally {
        this.inBatch = false;
        this.batchAt = null;
        this.announceItems();
      }
    });
    const parent = this.procs.get(p.ppid);
    this.send(p, {
      t: 'init',
      v: PROTOCOL_VERSION,
      pid: p.pid,
      ppid: p.ppid,
      parentName: parent?.name ?? null,
      spawn,
      program: this.program,
      clockOrigin: this.t0,
      clock: this.clockFor(p),
      speed: this.speed,
      seed: this.seed,
      pids,
      cpuCount: this.cpuCount,
      argv: this.argv,
    });
  }

  private spawnChild(parent: Proc, spec: SpawnSpec): void {
    if (this.procs.has(spec.pid)) throw new Error(`kernel: pid ${spec.pid} is already in use`);
    const child = this.newProc(spec.pid, parent.pid, spec.name, spec.daemon);
    const pool = spec.target.kind === 'poolWorker' ? this.objects.get(spec.target.pool)?.name : undefined;
    this.emit({
      kind: 'spawn',
      pid: child.pid,
      ppid: parent.pid,
      name: spec.name,
      daemon: spec.daemon,
      ...(pool ? { pool } : {}),
    });
    const live = [...this.procs.values()].filter((q) => LIVE.has(q.state)).length;
    if (live > this.maxProcesses) {
      // Like fork() failing with EAGAIN, but the parent's start() has already returned: the child dies at once.
      child.state = 'running';
      this.emit({
        kind: 'output',
        pid: child.pid,
        ppid: parent.pid,
        stream: 'stderr',
        text: `OSError: [Errno 11] Resource temporarily unavailable: mpplay runs at most ${this.maxProcesses} live processes at once; join some before starting more.\n`,
      });
      this.exitProc(child, 1, 'refused');
      return;
    }
    this.boot(child, spec, this.takePids(CHILD_PID_BLOCK));
    if (spec.target.kind === 'poolWorker') {
      const pool = this.objects.get(spec.target.pool);
      if (pool instanceof PoolObject) pool.addWorker(child.pid);
    }
    // The child holds every handle in its args from now on, like fds duplicated at spawn.
    for (const ref of findHandles([spec.args, spec.kwargs, spec.target])) {
      const [id, sub] = ref.split('/') as [string, string | undefined];
      const obj = this.objects.get(id);
      if (!obj) continue;
      obj.attach(child.pid, sub);
      this.send(child, { t: 'state', id, state: { name: obj.name, ...obj.state() } });
    }
  }

  private takePids(n: number): [number, number] {
    const block: [number, number] = [this.nextPid, this.nextPid + n];
    this.nextPid += n;
    return block;
  }

  // ---- messages ---------------------------------------------------------------------------

  private handle(p: Proc, msg: ProcToKernel): void {
    switch (msg.t) {
      case 'boot':
        p.state = 'running';
        this.emit({ kind: 'start', pid: p.pid, ppid: p.ppid });
        this.emit({ kind: 'running', pid: p.pid, ppid: p.ppid, after: 'start' });
        return;
      case 'phase':
        return;
      case 'notified':
        p.notifying = Math.max(0, p.notifying - 1);
        this.checkDeadlockSoon();
        return;
      case 'out':
        this.emit({ kind: 'output', pid: p.pid, ppid: p.ppid, stream: msg.stream, text: msg.text });
        return;
      case 'spawn':
        this.spawnChild(p, msg.spec);
        return;
      case 'call':
        this.call(p, msg.id, msg.call);
        return;
      case 'signal': {
        const target = this.procs.get(msg.pid);
        if (target && LIVE.has(target.state))
          this.killProc(target, msg.signal, p.pid, msg.signal === 9 ? 'killed' : 'terminated');
        return;
      }
      case 'reap': {
        const target = this.procs.get(msg.pid);
        if (target?.state === 'zombie' && target.ppid === p.pid) this.reap(target, p.pid);
        return;
      }
      case 'pidsLow':
        this.send(p, { t: 'pids', pids: this.takePids(CHILD_PID_BLOCK) });
        return;
      case 'exit':
        p.reusable = msg.reusable === true;
        this.beginExit(p, msg.code, msg.reason);
        return;
      case 'ready':
        return; // for the host's worker pool
      case 'new': {
        const n = (this.kindCounts.get(msg.kind) ?? 0) + 1;
        this.kindCounts.set(msg.kind, n);
        const name = `${msg.kind === 'Connection' ? 'Pipe' : msg.kind}#${n}`;
        const obj = createObject(msg.id, msg.kind, name, this.objectHost, msg.opts, p.pid);
        obj.attach(p.pid, undefined);
        this.objects.set(msg.id, obj);
        this.objectsByName.set(name, obj);
        this.emit({ kind: 'object', pid: p.pid, ppid: p.ppid, obj: name, objKind: msg.kind, id: msg.id });
        this.send(p, { t: 'state', id: msg.id, state: { name, ...obj.state() } });
        return;
      }
      case 'op': {
        const obj = this.objects.get(msg.id);
        if (!obj) return this.raiseIn(p, 'RuntimeError', `mpplay: unknown shared object ${msg.id}`);
        obj.op(p.pid, msg.method, msg.args);
        return;
      }
    }
  }

  private call(p: Proc, id: number, call: Call): void {
    switch (call.op) {
      case 'sleep': {
        this.setState(p, 'sleeping');
        this.emit({ kind: 'sleeping', pid: p.pid, ppid: p.ppid, seconds: call.seconds });
        const timer = this.time.after(call.seconds * 1000, () => {
          p.pending.delete(id);
          this.setState(p, 'running');
          this.emit({ kind: 'running', pid: p.pid, ppid: p.ppid, after: 'sleep' });
          this.reply(p, id, null);
        });
        p.pending.set(id, { timer });
        return;
      }
      case 'join': {
        const target = this.procs.get(call.pid);
        if (!target) return this.fail(p, id, 'AssertionError', 'can only join a child process');
        if (!LIVE.has(target.state)) {
          if (target.state === 'zombie' && target.ppid === p.pid) this.reap(target, p.pid);
          return this.reply(p, id, target.exitCode);
        }
        if (call.timeout !== null && call.timeout <= 0) return this.reply(p, id, null);
        const on: BlockedOn = { obj: target.name, op: 'join', label: `join(${target.name})`, timeout: call.timeout };
        this.block(p, on);
        const waiter: Waiter = { pid: p.pid, id, timer: null };
        target.joiners.push(waiter);
        const cancel = () => {
          target.joiners = target.joiners.filter((w) => w !== waiter);
        };
        if (call.timeout !== null) {
          waiter.timer = this.time.after(call.timeout * 1000, () => {
            cancel();
            p.pending.delete(id);
            this.unblock(p, 'timeout');
            this.reply(p, id, null);
          });
        }
        p.pending.set(id, { timer: waiter.timer, cancel });
        return;
      }
      case 'obj': {
        const obj = this.objects.get(call.id);
        if (!obj) return this.fail(p, id, 'RuntimeError', `mpplay: unknown shared object ${call.id}`);
        obj.call(call.method, call.args, { pid: p.pid, callId: id, timeout: call.timeout });
        return;
      }
    }
  }

  // ---- shared objects ---------------------------------------------------------------------

  private makeObjectHost(): ObjectHost {
    return {
      park: (c, op, label, onTimeout) => this.park(c, op, label, onTimeout),
      answer: (c, a, transfer) => {
        const p = this.procs.get(c.pid);
        if (p && LIVE.has(p.state)) this.answer(p, c.callId, a, transfer);
      },
      tell: (pid, msg, transfer) => {
        const p = this.procs.get(pid);
        if (p && LIVE.has(p.state)) this.send(p, msg, transfer);
      },
      pipeLink: () => this.pipeLink(),
      raise: (pid, name, message) => {
        const p = this.procs.get(pid);
        if (p && LIVE.has(p.state)) this.raiseIn(p, name, message);
      },
      emit: (pid, ev) => {
        (ev as unknown as { ppid: Pid }).ppid = this.procs.get(pid)?.ppid ?? 0; // a fresh object from the caller
        this.emit(ev as DistributiveOmit<TraceEvent, 'at'>);
      },
      // The per-item events go straight into the columns: no object, no summary text until the trace is read.
      putItem: (pid, obj, item, value, depth) => {
        if (this.lifecycleOnly) return;
        this.trace.items.put(this.stamp(), pid, this.procs.get(pid)?.ppid ?? 0, obj, item, depth, value);
      },
      takeItem: (pid, obj, item, depth) => {
        if (this.lifecycleOnly) return;
        this.trace.items.take(this.stamp(), pid, this.procs.get(pid)?.ppid ?? 0, obj, item, depth);
      },
      taskDone: (pid, obj, unfinished, releases) => {
        if (this.lifecycleOnly) return;
        this.trace.items.taskDone(this.stamp(), pid, this.procs.get(pid)?.ppid ?? 0, obj, unfinished, releases);
      },
      broadcast: (obj, state) => {
        for (const pid of obj.holders) {
          const p = this.procs.get(pid);
          if (p && LIVE.has(p.state)) this.send(p, { t: 'state', id: obj.id, state });
        }
      },
      nextItemId: () => ++this.itemSeq,
      procName: (pid) => this.procs.get(pid)?.name ?? `pid ${pid}`,
      isLive: (pid) => {
        const p = this.procs.get(pid);
        return !!p && LIVE.has(p.state);
      },
      describe: (pid) => {
        const p = this.procs.get(pid);
        if (!p) return 'is unknown';
        if (p.state === 'blocked' || p.state === 'exiting') return `waits in ${p.blockedOn?.label ?? '?'}`;
        if (LIVE.has(p.state)) return `is ${p.state}`;
        const signalled = p.exitCode === -15 || p.exitCode === -9;
        return `has exited with code ${p.exitCode}${signalled ? ' (a terminated process never releases what it held)' : ''}`;
      },
      object: (id) => this.objects.get(id),
      signal: (pid, signal, from) => {
        const p = this.procs.get(pid);
        if (p && LIVE.has(p.state)) this.killProc(p, signal, from, signal === 9 ? 'killed' : 'terminated');
      },
      notify: (pid, id, data) => {
        const p = this.procs.get(pid);
        if (!p || !LIVE.has(p.state)) return;
        p.notifying++;
        this.send(p, { t: 'notify', id, data });
      },
      recall: (pid, obj) => {
        const p = this.procs.get(pid);
        if (p && LIVE.has(p.state)) this.send(p, { t: 'recall', id: obj });
      },
    };
  }

  /** Blocks a caller of a shared object until the object settles it, or its timeout passes. */
  private park(c: Caller, op: string, label: string, onTimeout: () => Answer): Parked | null {
    const p = this.procs.get(c.pid);
    if (!p || !LIVE.has(p.state)) return null;
    if (c.timeout !== null && c.timeout <= 0) {
      this.answer(p, c.callId, onTimeout());
      return null;
    }
    const obj = label.slice(0, label.lastIndexOf('.'));
    this.block(p, { obj, op, label, timeout: c.timeout });
    let timer: unknown = null;
    const parked: Parked = {
      pid: c.pid,
      settled: false,
      settle: (a) => {
        if (parked.settled) return;
        parked.settled = true;
        if (timer !== null) this.time.cancel(timer);
        p.pending.delete(c.callId);
        if (!LIVE.has(p.state)) return;
        this.unblock(p, 'block');
        if (a) this.answer(p, c.callId, a);
      },
    };
    if (c.timeout !== null) {
      timer = this.time.after(c.timeout * 1000, () => {
        if (parked.settled) return;
        parked.settled = true;
        p.pending.delete(c.callId);
        this.unblock(p, 'timeout');
        this.answer(p, c.callId, onTimeout());
      });
    }
    // If the process dies while parked, the object must skip it: mark it settled.
    p.pending.set(c.callId, { timer, cancel: () => (parked.settled = true) });
    return parked;
  }

  private answer(p: Proc, id: number, a: Answer, transfer?: PortLike[]): void {
    if (a.ok) this.send(p, { t: 'reply', id, ok: true, value: a.value }, transfer);
    else this.send(p, { t: 'reply', id, ok: false, error: a });
  }

  /** A direct link for one pipe direction: its writer's and its reader's side (see KernelOptions.pipeLinks). */
  private pipeLink(): { writer: PipeLink; reader: PipeLink } | null {
    if (this.pipeLinks !== 'off') this.pipeLinksMade++;
    if (this.pipeLinks === 'sab') {
      const sab = new SharedArrayBuffer(PIPE_RING_BYTES);
      return { writer: { mode: 'sab', sab }, reader: { mode: 'sab', sab } };
    }
    if (this.pipeLinks === 'port' && this.host.channel) {
      const { port1, port2 } = this.host.channel();
      return { writer: { mode: 'port', port: port1 }, reader: { mode: 'port', port: port2 } };
    }
    return null;
  }

  private raiseIn(p: Proc, name: string, message: string): void {
    this.send(p, { t: 'raise', error: { name, message } });
  }

  /** After anything blocks or ends: if no live process can ever proceed, say why and end the run. */
  private checkDeadlockSoon(): void {
    if (this.deadlockCheckQueued || this.ended) return;
    this.deadlockCheckQueued = true;
    void Promise.resolve().then(() => {
      this.deadlockCheckQueued = false;
      if (this.ended) return;
      const live = [...this.procs.values()].filter((p) => LIVE.has(p.state));
      if (live.some((p) => p.notifying > 0)) return; // it may still act on what it was told
      // A wait that something already on its way will end (a pipe message sent by a direct link).
      if (live.some((p) => p.blockedOn && this.objectsByName.get(p.blockedOn.obj)?.resolvable(p.pid))) return;
      const found = findDeadlock(live, (w) => this.causeOf(w.pid, w.blockedOn!));
      if (!found) return;
      this.emit({ kind: 'deadlock', pid: 0, ppid: 0, report: found.report, waits: found.waits });
      this.emit({ kind: 'output', pid: 0, ppid: 0, stream: 'stderr', text: `${found.report}\n` });
      this.endWith({ exitCode: DEADLOCK_EXIT_CODE, reason: 'deadlock' });
    });
  }

  private causeOf(pid: Pid, on: BlockedOn): string {
    const obj = this.objectsByName.get(on.obj);
    if (obj) return obj.cause(pid, on.op);
    if (on.op === 'exit') {
      const p = this.procs.get(pid);
      const names = p ? this.liveChildren(p).map((c) => c.name) : [];
      return `its code has finished, and it waits for its non-daemon children (${names.join(', ')}), which wait too`;
    }
    if (on.op === 'join') {
      const target = [...this.procs.values()].find((q) => q.name === on.obj && LIVE.has(q.state));
      return target?.blockedOn ? `${target.name} never ends: it waits in ${target.blockedOn.label}` : '';
    }
    return '';
  }

  // ---- state changes ----------------------------------------------------------------------

  private setState(p: Proc, state: ProcState): void {
    p.state = state;
    if (state !== 'blocked') p.blockedOn = null;
  }

  private block(p: Proc, on: BlockedOn): void {
    p.state = 'blocked';
    p.blockedOn = on;
    this.emit({ kind: 'blocked', pid: p.pid, ppid: p.ppid, on });
    if (on.timeout === null) this.checkDeadlockSoon();
  }

  private unblock(p: Proc, after: 'block' | 'timeout'): void {
    this.setState(p, 'running');
    this.emit({ kind: 'unblocked', pid: p.pid, ppid: p.ppid, reason: after === 'block' ? 'ready' : 'timeout' });
  }

  /** The process's code is done: CPython's `_exit_function` (terminate daemons, join the rest), then exit. */
  private beginExit(p: Proc, code: number, reason: import('../protocol/messages').ExitReason): void {
    if (p.exiting) return;
    this.cancelPending(p);
    p.exiting = { code, reason };
    for (const pid of [...p.children]) {
      const c = this.procs.get(pid);
      if (c && c.daemon && LIVE.has(c.state)) this.killProc(c, 15, p.pid, 'terminated');
    }
    for (const pid of [...p.children]) {
      const c = this.procs.get(pid);
      if (c?.state === 'zombie') this.reap(c, p.pid);
    }
    if (this.liveChildren(p).length > 0) {
      this.block(p, { obj: 'children', op: 'exit', label: 'exit: waiting for non-daemon children', timeout: null });
      p.state = 'exiting';
      return;
    }
    this.exitProc(p, code, reason);
  }

  private liveChildren(p: Proc): Proc[] {
    const out: Proc[] = [];
    for (const pid of p.children) {
      const c = this.procs.get(pid);
      if (c && LIVE.has(c.state)) out.push(c);
    }
    return out;
  }

  private cancelPending(p: Proc): void {
    for (const { timer, cancel } of p.pending.values()) {
      if (timer !== null && timer !== undefined) this.time.cancel(timer);
      cancel?.();
    }
    p.pending.clear();
  }

  /** A signal from `from` (0 = the user pressing Stop). Dead at once, whatever its thread still does. */
  private killProc(p: Proc, signal: 15 | 9, from: Pid, reason: import('../protocol/messages').ExitReason): void {
    this.emit({ kind: 'signal', pid: p.pid, ppid: p.ppid, signal, from });
    this.cancelPending(p);
    this.orphanChildren(p);
    this.exitProc(p, -signal, reason);
  }

  /** Orphans: every live child is adopted by init; finished ones are reaped by it. */
  private orphanChildren(p: Proc): void {
    for (const pid of [...p.children]) {
      const c = this.procs.get(pid);
      if (!c) continue;
      if (LIVE.has(c.state)) {
        p.children.delete(pid);
        c.ppid = INIT_PID;
        this.emit({ kind: 'reparented', pid: c.pid, ppid: INIT_PID, from: p.pid, to: INIT_PID });
        this.send(c, { t: 'parentExit' });
      } else if (c.state === 'zombie') {
        this.reap(c, INIT_PID);
      }
    }
  }

  /** The host lost a worker (out of memory, a crash of the engine): the process dies with code 1. */
  crashed(pid: Pid, text: string): void {
    const p = this.procs.get(pid);
    if (!p || !LIVE.has(p.state)) return;
    this.emit({ kind: 'output', pid, ppid: p.ppid, stream: 'stderr', text: text.endsWith('\n') ? text : `${text}\n` });
    this.cancelPending(p);
    this.orphanChildren(p);
    this.exitProc(p, 1, 'exception');
  }

  private exitProc(p: Proc, code: number, reason: import('../protocol/messages').ExitReason): void {
    p.exitCode = code;
    this.setState(p, 'zombie');
    p.exiting = null;
    p.unlisten?.();
    p.unlisten = null;
    const clean = reason === 'returned' || reason === 'sys.exit' || reason === 'exception';
    if (p.endpoint) this.host.kill(p.pid, clean && p.reusable);
    p.endpoint = null;
    p.outbox.length = 0;
    p.transfer.length = 0;
    this.emit({ kind: 'exit', pid: p.pid, ppid: p.ppid, code, reason });
    this.emit({ kind: 'zombie', pid: p.pid, ppid: p.ppid });
    for (const obj of this.objects.values()) obj.processGone(p.pid);
    for (const w of p.joiners.splice(0)) {
      const joiner = this.procs.get(w.pid);
      if (!joiner || !LIVE.has(joiner.state)) continue;
      if (w.timer !== null) this.time.cancel(w.timer);
      joiner.pending.delete(w.id);
      if (p.state === 'zombie') this.reap(p, joiner.pid);
      this.unblock(joiner, 'block');
      this.reply(joiner, w.id, code);
    }
    const parent = this.procs.get(p.ppid);
    if (parent && LIVE.has(parent.state)) this.send(parent, { t: 'childExit', pid: p.pid, code });
    if (p.state === 'zombie') {
      if (p.ppid === INIT_PID || p.ppid === 0) this.reap(p, p.ppid);
      else if (parent?.exiting) {
        // The parent is in its exit protocol: it joins (reaps) this child; once it waits on nobody, it exits.
        // While beginExit is still terminating daemons (state not yet 'exiting'), beginExit finishes the job.
        this.reap(p, parent.pid);
        const waiting = parent.state === 'exiting';
        if (waiting && this.liveChildren(parent).length === 0) {
          this.exitProc(parent, parent.exiting.code, parent.exiting.reason);
        }
      }
    }
    this.checkEnd();
    this.checkDeadlockSoon();
  }

  private reap(p: Proc, by: Pid): void {
    if (p.state !== 'zombie') return;
    p.state = 'reaped';
    this.emit({ kind: 'reaped', pid: p.pid, ppid: p.ppid, by });
    this.procs.get(p.ppid)?.children.delete(p.pid);
  }

  /** Ends the run now: every live process is killed, and the run reports `how`. */
  private endWith(how: { exitCode: number; reason: RunResult['reason'] }): void {
    if (this.ended || this.ending) return;
    this.ending = how;
    for (const p of this.procs.values()) if (LIVE.has(p.state)) this.killProc(p, 9, 0, 'stopped');
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
    for (const obj of this.objects.values()) obj.finish();
    this.ended = { ...r, at: this.now(), wallMs: this.clock.now() - this.t0 };
    this.time.clear();
    if (this.trace.droppedOutput) this.ended.outputDropped = this.trace.droppedOutput;
    this.flush(); // announces the last item rows too
    this.onEnd(this.ended);
  }

  // ---- output -----------------------------------------------------------------------------

  private emit(ev: DistributiveOmit<TraceEvent, 'at'>): void {
    if (this.lifecycleOnly && ITEM_KINDS.has(ev.kind)) return;
    // Every caller builds a fresh object: stamp it rather than copy it.
    const full = ev as TraceEvent;
    full.at = this.stamp();
    this.trace.push(full);
    if (isItemEvent(full)) return; // announced in bulk (onItems), like those recorded by putItem/takeItem
    this.onEvent(full);
    if (RATE_KINDS.has(full.kind)) this.refreshRate();
  }

  /** Program time for an event: read once per batch of messages, at the batch's first event. */
  private stamp(): number {
    if (!this.inBatch) return this.now();
    return (this.batchAt ??= this.now());
  }

  /** Tells the host that item rows were recorded since it last heard (once per batch, not per item). */
  private announceItems(): void {
    const n = this.trace.items.length;
    if (n === this.itemsAnnounced) return;
    this.itemsAnnounced = n;
    this.onItems(n);
  }

  /** Program time runs at the run's speed only while no live process is booting or running code. */
  private refreshRate(): void {
    let live = 0;
    for (const p of this.procs.values()) {
      if (!LIVE.has(p.state)) continue;
      live++;
      if (p.state === 'created' || p.state === 'running') return this.time.setIdle(false);
    }
    this.time.setIdle(live > 0);
  }

  private reply(p: Proc, id: number, value: unknown): void {
    this.send(p, { t: 'reply', id, ok: true, value });
  }

  private fail(p: Proc, id: number, name: string, message: string): void {
    this.send(p, { t: 'reply', id, ok: false, error: { name, message } });
  }

  private send(p: Proc, msg: KernelToProc, transfer?: PortLike[]): void {
    if (!p.endpoint) return;
    p.outbox.push(msg);
    if (transfer) p.transfer.push(...transfer);
    this.dirty.add(p);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      void Promise.resolve().then(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    this.announceItems();
    for (const p of this.dirty) {
      if (!p.endpoint || !p.outbox.length) continue;
      if (p.clockVersion !== this.time.version) {
        // Whoever gets a message may be about to run: give it the current program clock first.
        p.clockVersion = this.time.version;
        p.outbox.unshift({ t: 'clock', clock: this.time.mapping() });
      }
      if (p.transfer.length) p.endpoint.post(p.outbox.splice(0), p.transfer.splice(0));
      else p.endpoint.post(p.outbox.splice(0));
    }
    this.dirty.clear();
  }
}
