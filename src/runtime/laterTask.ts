// A later task (not a microtask) for the runtime's batching: the outbox goes out when the current task ends, and a
// controlled run's client takes its step after the task that asked for it.
import { currentUserAgent, portsWaitForPage } from '../protocol/engineQuirks';

/**
 * The host's own setTimeout, taken when this module loads: before the worker counts the program's timers and before
 * a controlled run switches timers to program time (a later task made with either would be the program's timer).
 */
const hostSetTimeout: (fn: () => void, ms: number) => unknown = globalThis.setTimeout.bind(globalThis);

/** Runs queued functions, in order, in one later task; `close()` frees what it holds (what is queued never runs). */
export type LaterTask = ((fn: () => void) => void) & { close(): void };

/**
 * A runner made once per use, before user code runs (it keeps its own references, so user code cannot hijack it).
 * A MessageChannel of its own: no timer clamping. Where ports wait for the page's main thread (WebKit), a zero timer
 * instead: a busy page would otherwise hold back every batch a process sends by as long as it is busy.
 */
export function laterTask(userAgent = currentUserAgent(), setTimer = hostSetTimeout): LaterTask {
  let queued: (() => void)[] = [];
  const runQueued = () => {
    const run = queued;
    queued = [];
    for (const fn of run) fn();
  };
  let kick: () => void;
  let close = () => {};
  if (typeof MessageChannel === 'function' && !portsWaitForPage(userAgent)) {
    const ch = new MessageChannel();
    ch.port1.onmessage = runQueued;
    (ch.port1 as { unref?: () => void }).unref?.(); // Node: never keep a worker alive just for this
    const post = ch.port2.postMessage.bind(ch.port2);
    kick = () => post(null);
    // A worker hosts hundreds of processes, each with its own runner: its ports would otherwise stay open (perf24
    // counted 603 in a worker after 300 processes).
    const [close1, close2] = [ch.port1.close.bind(ch.port1), ch.port2.close.bind(ch.port2)];
    close = () => {
      close1();
      close2();
    };
  } else {
    kick = () => void setTimer(runQueued, 0);
  }
  let closed = false;
  const later = (fn: () => void) => {
    if (closed) return;
    queued.push(fn);
    if (queued.length === 1) kick();
  };
  return Object.assign(later, {
    close() {
      closed = true;
      queued = [];
      close();
    },
  });
}
