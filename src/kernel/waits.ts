// Processes that wait: sleep, calls parked on a shared object, their timeouts, and the trace of blocking and waking.
import type { BlockedOn } from '../protocol/trace';
import type { Answer, Caller, Parked } from './objects/base';
import type { Outboxes } from './outboxes';
import type { ProgramClock } from './programClock';
import { LIVE, type Proc, type ProcTable, setState } from './procTable';
import type { TraceRecorder } from './traceRecorder';

/**
 * Blocks and wakes processes. A wait is one of the process's `pending` calls, with its timer, so that
 * `cancelPending` can drop every wait of a process that ends.
 */
export class Waits {
  /** While the kernel handles a process's call: the user's line that made it (put on `sleeping`/`blocked`). */
  callLine: number | null = null;

  /** `onBlocked`: a process now waits without a timeout (the kernel checks for a deadlock). */
  constructor(
    private readonly procs: ProcTable,
    private readonly time: ProgramClock,
    private readonly rec: TraceRecorder,
    private readonly out: Outboxes,
    private readonly onBlocked: () => void,
  ) {}

  /** `time.sleep(seconds)`: call `id` is answered once the program time has passed. */
  sleep(p: Proc, id: number, seconds: number): void {
    setState(p, 'sleeping');
    const line = this.callLine;
    this.rec.emit({ kind: 'sleeping', pid: p.pid, ppid: p.ppid, seconds, ...(line !== null ? { line } : {}) });
    const timer = this.time.after(seconds * 1000, () => {
      p.pending.delete(id);
      setState(p, 'running');
      this.rec.emit({ kind: 'running', pid: p.pid, ppid: p.ppid, after: 'sleep' });
      this.out.reply(p, id, null);
    });
    p.pending.set(id, { timer });
  }

  block(p: Proc, on: BlockedOn): void {
    p.state = 'blocked';
    p.blockedOn = on;
    const line = this.callLine;
    this.rec.emit({ kind: 'blocked', pid: p.pid, ppid: p.ppid, on, ...(line !== null ? { line } : {}) });
    if (on.timeout === null) this.onBlocked();
  }

  unblock(p: Proc, after: 'block' | 'timeout'): void {
    setState(p, 'running');
    this.rec.emit({ kind: 'unblocked', pid: p.pid, ppid: p.ppid, reason: after === 'block' ? 'ready' : 'timeout' });
  }

  /** Blocks a caller of a shared object until the object settles it, or its timeout passes (ObjectHost.park). */
  park(c: Caller, op: string, label: string, onTimeout: () => Answer): Parked | null {
    const p = this.procs.live(c.pid);
    if (!p) return null;
    if (c.timeout !== null && c.timeout <= 0) {
      this.out.answer(p, c.callId, onTimeout());
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
        if (a) this.out.answer(p, c.callId, a);
      },
    };
    if (c.timeout !== null) {
      timer = this.time.after(c.timeout * 1000, () => {
        if (parked.settled) return;
        parked.settled = true;
        p.pending.delete(c.callId);
        this.unblock(p, 'timeout');
        this.out.answer(p, c.callId, onTimeout());
      });
    }
    // If the process dies while parked, the object must skip it: mark it settled.
    p.pending.set(c.callId, { timer, cancel: () => (parked.settled = true) });
    return parked;
  }

  /** The process ends: none of its waits will be answered, and their timers stop. */
  cancelPending(p: Proc): void {
    for (const { timer, cancel } of p.pending.values()) {
      if (timer !== null && timer !== undefined) this.time.cancel(timer);
      cancel?.();
    }
    p.pending.clear();
  }
}
