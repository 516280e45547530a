// The kernel as shared objects see it (ObjectHost): every call goes to a live process or does nothing.
import { heldCapMessage } from '../protocol/limits';
import type { Pid } from '../protocol/messages';
import type { Lifecycle } from './lifecycle';
import type { ObjectHost } from './objects/base';
import type { Outboxes } from './outboxes';
import type { ProcTable } from './procTable';
import type { SharedObjects } from './sharedObjects';
import type { TraceRecorder, Unstamped } from './traceRecorder';
import type { Waits } from './waits';

/** The kernel's parts an ObjectHost acts through. */
export interface ObjectHostParts {
  procs: ProcTable;
  objects: SharedObjects;
  rec: TraceRecorder;
  out: Outboxes;
  waits: Waits;
  life: Lifecycle;
  /** KernelOptions.leases. */
  leases: boolean;
}

/** The ObjectHost given to every shared object of a run. */
export function makeObjectHost({ procs, objects, rec, out, waits, life, leases }: ObjectHostParts): ObjectHost {
  return {
    leases,
    park: (c, op, label, onTimeout) => waits.park(c, op, label, onTimeout),
    answer: (c, a, transfer) => {
      const p = procs.live(c.pid);
      if (p) out.answer(p, c.callId, a, transfer);
    },
    tell: (pid, msg, transfer) => {
      const p = procs.live(pid);
      if (p) out.send(p, msg, transfer);
    },
    pipeLink: () => objects.pipeLink(),
    raise: (pid, name, message) => {
      const p = procs.live(pid);
      if (p) out.raise(p, name, message);
    },
    hold: (bytes, force) => objects.hold(bytes, force),
    unhold: (bytes) => objects.unhold(bytes),
    memoryError: () => ({ ok: false, name: 'MemoryError', message: heldCapMessage(objects.maxHeld) }),
    outOfMemory: (pid) => life.crashed(pid, `MemoryError: ${heldCapMessage(objects.maxHeld)}`),
    failChecked: (pid, seq, name, message) => {
      const p = procs.live(pid);
      if (p) out.failChecked(p, seq, name, message);
    },
    emit: (pid, ev) => {
      (ev as unknown as { ppid: Pid }).ppid = procs.ppidOf(pid); // a fresh object from the caller
      rec.emit(ev as Unstamped);
    },
    // The per-item events go straight into the columns: no object, no summary text until the trace is read.
    putItem: (pid, obj, item, value, depth) => rec.putItem(pid, obj, item, value, depth),
    putItems: (pid, obj, item, values, depth) => rec.putItems(pid, obj, item, values, depth),
    takeItem: (pid, obj, item, depth) => rec.takeItem(pid, obj, item, depth),
    takeItems: (pid, obj, items, depth) => rec.takeItems(pid, obj, items, depth),
    taskDone: (pid, obj, unfinished, releases) => rec.taskDone(pid, obj, unfinished, releases),
    tasksDone: (pid, obj, unfinished, count) => rec.tasksDone(pid, obj, unfinished, count),
    broadcast: (obj, state) => {
      for (const pid of obj.holders) {
        const p = procs.live(pid);
        if (p) out.send(p, { t: 'state', id: obj.id, state });
      }
    },
    nextItemId: () => objects.nextItemId(),
    procName: (pid) => procs.get(pid)?.name ?? `pid ${pid}`,
    isLive: (pid) => procs.live(pid) !== undefined,
    describe: (pid) => procs.describe(pid),
    object: (id) => objects.get(id),
    signal: (pid, signal, from) => {
      const p = procs.live(pid);
      if (p) life.kill(p, signal, from, signal === 9 ? 'killed' : 'terminated');
    },
    notify: (pid, id, data) => {
      const p = procs.live(pid);
      if (!p) return;
      p.notifying++;
      out.send(p, { t: 'notify', id, data });
    },
    recall: (pid, obj) => {
      const p = procs.live(pid);
      if (p) out.send(p, { t: 'recall', id: obj });
    },
  };
}
