// How processes end: exit (CPython's exit protocol), signals, crashes, join, orphans adopted by init, and reaping.
import type { ExitReason, Pid } from '../protocol/messages';
import { INIT_PID } from '../protocol/messages';
import type { BlockedOn } from '../protocol/trace';
import type { ProcessHost } from './host';
import type { Outboxes } from './outboxes';
import type { ProgramClock } from './programClock';
import { LIVE, type Proc, type ProcTable, setState, type Waiter } from './procTable';
import type { SharedObjects } from './sharedObjects';
import type { TraceRecorder } from './traceRecorder';
import type { Waits } from './waits';

/** What the lifecycle rules act through: the kernel's parts, and a hook for "a process has exited". */
export interface LifecycleParts {
  procs: ProcTable;
  host: ProcessHost;
  time: ProgramClock;
  rec: TraceRecorder;
  out: Outboxes;
  objects: SharedObjects;
  waits: Waits;
  /** A process has just exited (the kernel checks whether the run is over or deadlocked). */
  onExited: () => void;
}

/** The rules of a process's end, from its last line (or a signal) to its reaping by its parent or by init. */
export class Lifecycle {
  private readonly procs: ProcTable;
  private readonly host: ProcessHost;
  private readonly time: ProgramClock;
  private readonly rec: TraceRecorder;
  private readonly out: Outboxes;
  private readonly objects: SharedObjects;
  private readonly waits: Waits;
  private readonly onExited: () => void;

  constructor(k: LifecycleParts) {
    this.procs = k.procs;
    this.host = k.host;
    this.time = k.time;
    this.rec = k.rec;
    this.out = k.out;
    this.objects = k.objects;
    this.waits = k.waits;
    this.onExited = k.onExited;
  }

  /** `p.join(timeout)` on process `pid`: call `id` is answered with its exit code, or null on timeout. */
  join(p: Proc, id: number, pid: Pid, timeout: number | null): void {
    const target = this.procs.get(pid);
    if (!target) return this.out.fail(p, id, 'AssertionError', 'can only join a child process');
    if (!LIVE.has(target.state)) {
      if (target.state === 'zombie' && target.ppid === p.pid) this.reap(target, p.pid);
      return this.out.reply(p, id, target.exitCode);
    }
    if (timeout !== null && timeout <= 0) return this.out.reply(p, id, null);
    const on: BlockedOn = { obj: target.name, op: 'join', label: `join(${target.name})`, timeout };
    this.waits.block(p, on);
    const waiter: Waiter = { pid: p.pid, id, timer: null };
    target.joiners.push(waiter);
    const cancel = () => {
      target.joiners = target.joiners.filter((w) => w !== waiter);
    };
    if (timeout !== null) {
      waiter.timer = this.time.after(timeout * 1000, () => {
        cancel();
        p.pending.delete(id);
        this.waits.unblock(p, 'timeout');
        this.out.reply(p, id, null);
      });
    }
    p.pending.set(id, { timer: waiter.timer, cancel });
  }

  /** The process's code is done: CPython's `_exit_function` (terminate daemons, join the rest), then exit. */
  beginExit(p: Proc, code: number, reason: ExitReason): void {
    if (p.exiting) return;
    this.waits.cancelPending(p);
    p.exiting = { code, reason };
    for (const pid of [...p.children]) {
      const c = this.procs.get(pid);
      if (c && c.daemon && LIVE.has(c.state)) this.kill(c, 15, p.pid, 'terminated');
    }
    for (const pid of [...p.children]) {
      const c = this.procs.get(pid);
      if (c?.state === 'zombie') this.reap(c, p.pid);
    }
    if (this.procs.liveChildren(p).length > 0) {
      this.waits.block(p, {
        obj: 'children',
        op: 'exit',
        label: 'exit: waiting for non-daemon children',
        timeout: null,
      });
      p.state = 'exiting';
      return;
    }
    this.exit(p, code, reason);
  }

  /** A signal from `from` (0 = the user pressing Stop). Dead at once, whatever its thread still does. */
  kill(p: Proc, signal: 15 | 9, from: Pid, reason: ExitReason): void {
    this.rec.emit({ kind: 'signal', pid: p.pid, ppid: p.ppid, signal, from });
    this.waits.cancelPending(p);
    this.orphanChildren(p);
    this.exit(p, -signal, reason);
  }

  /** The host lost a worker (out of memory, a crash of the engine): the process dies with code 1. */
  crashed(pid: Pid, text: string): void {
    const p = this.procs.live(pid);
    if (!p) return;
    this.rec.emit({
      kind: 'output',
      pid,
      ppid: p.ppid,
      stream: 'stderr',
      text: text.endsWith('\n') ? text : `${text}\n`,
    });
    this.waits.cancelPending(p);
    this.orphanChildren(p);
    this.exit(p, 1, 'exception');
  }

  /** Orphans: every live child is adopted by init; finished ones are reaped by it. */
  private orphanChildren(p: Proc): void {
    for (const pid of [...p.children]) {
      const c = this.procs.get(pid);
      if (!c) continue;
      if (LIVE.has(c.state)) {
        p.children.delete(pid);
        c.ppid = INIT_PID;
        if (c.ppidCell) Atomics.store(c.ppidCell, 0, INIT_PID); // its getppid() says so at once
        this.rec.emit({ kind: 'reparented', pid: c.pid, ppid: INIT_PID, from: p.pid, to: INIT_PID });
        this.out.send(c, { t: 'parentExit' });
      } else if (c.state === 'zombie') {
        this.reap(c, INIT_PID);
      }
    }
  }

  /** The process is over: its worker ends, its joiners wake, its parent hears, and it is a zombie until reaped. */
  exit(p: Proc, code: number, reason: ExitReason): void {
    p.exitCode = code;
    setState(p, 'zombie');
    p.exiting = null;
    p.unlisten?.();
    p.unlisten = null;
    const clean = reason === 'returned' || reason === 'sys.exit' || reason === 'exception';
    if (p.endpoint) this.host.kill(p.pid, clean && p.reusable);
    p.endpoint = null;
    p.outbox.length = 0;
    p.transfer.length = 0;
    this.rec.emit({ kind: 'exit', pid: p.pid, ppid: p.ppid, code, reason });
    this.rec.emit({ kind: 'zombie', pid: p.pid, ppid: p.ppid });
    this.objects.processGone(p.pid);
    for (const w of p.joiners.splice(0)) {
      const joiner = this.procs.live(w.pid);
      if (!joiner) continue;
      if (w.timer !== null) this.time.cancel(w.timer);
      joiner.pending.delete(w.id);
      if (p.state === 'zombie') this.reap(p, joiner.pid);
      this.waits.unblock(joiner, 'block');
      this.out.reply(joiner, w.id, code);
    }
    const parent = this.procs.get(p.ppid);
    if (parent && LIVE.has(parent.state)) this.out.send(parent, { t: 'childExit', pid: p.pid, code });
    if (p.state === 'zombie') {
      if (p.ppid === INIT_PID || p.ppid === 0) this.reap(p, p.ppid);
      else if (parent?.exiting) {
        // The parent is in its exit protocol: it joins (reaps) this child; once it waits on nobody, it exits.
        // While beginExit is still terminating daemons (state not yet 'exiting'), beginExit finishes the job.
        this.reap(p, parent.pid);
        const waiting = parent.state === 'exiting';
        if (waiting && this.procs.liveChildren(parent).length === 0) {
          this.exit(parent, parent.exiting.code, parent.exiting.reason);
        }
      }
    }
    this.onExited();
  }

  /** A zombie is reaped by `by` (its parent's join, or init): it leaves its parent's children. */
  reap(p: Proc, by: Pid): void {
    if (p.state !== 'zombie') return;
    p.state = 'reaped';
    this.rec.emit({ kind: 'reaped', pid: p.pid, ppid: p.ppid, by });
    this.procs.get(p.ppid)?.children.delete(p.pid);
  }
}
