// One "process": a module worker the page created (or, with the bridge's `nest`, the kernel worker: a nested
// worker). It speaks to a run's kernel over the MessagePort the page attaches (a new one per run), or, nested, over
// its own global scope as the link the kernel worker names (linkPort.ts), and runs the runtime.
import { currentUserAgent, endsWorkersLate } from '../../protocol/engineQuirks';
import type { Endpoint, KernelToProc, PortLike, ProcToKernel } from '../../protocol/messages';
import { runProcess, setEndingProbe, setStopCell } from '../../runtime';
import { endingProbe } from './endingProbe';
import { ProcessLink } from './processLink';
import { ALIVE_LOCK_PREFIX, type AliveMessage } from './protocol';

interface WorkerScope {
  addEventListener(type: 'message' | 'messageerror', fn: (e: MessageEvent<unknown>) => void): void;
  postMessage(msg: unknown, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;
// Taken now, before the runtime poisons it for user code: a nested worker's link to its kernel worker.
const postOnScope = scope.postMessage.bind(scope);
// Taken now, before any user code can replace the global.
const Port = MessagePort;
const SharedMemory = typeof SharedArrayBuffer === 'function' ? SharedArrayBuffer : null;

/**
 * A sign of life the page can wait on: this worker holds a Web Lock of its own from load until it ends, however
 * it ends (its code calls `close()`, the engine ends it), and tells the page the lock's name on its global scope
 * (at load, before any user code: the runtime poisons that `postMessage` before a program runs). The page then
 * asks for the same lock, which it gets only once this worker is gone (see processWorkers.ts).
 */
function holdAliveLock(): void {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks || typeof crypto?.randomUUID !== 'function') return; // not a secure context: no such sign
  const post = self.postMessage.bind(self);
  const name = `${ALIVE_LOCK_PREFIX}${crypto.randomUUID()}`;
  locks
    .request(name, () => {
      post({ t: 'aliveLock', lock: name } satisfies AliveMessage);
      return new Promise<never>(() => {});
    })
    .catch(() => {}); // an engine that refuses locks here: no sign of life, as without the API
}
holdAliveLock();
// Stop's brake where the page gives no stop cell (no shared memory) and the engine lets an ended worker run on: a
// busy loop asks now and then whether this worker is being ended. A stop cell, given with an attach, takes over.
const withCell = !!SharedMemory && globalThis.crossOriginIsolated;
setEndingProbe(withCell || !endsWorkersLate(currentUserAgent()) ? null : endingProbe());

/**
 * The link to the current kernel. Nothing is posted before a port is attached: the runtime's own boot-time `ready`
 * is dropped, and each attach says `ready` on its new link instead.
 */
let deliver: ((batch: KernelToProc[]) => void) | null = null;
const link = new ProcessLink({
  postOnScope,
  isPort: (x): x is MessagePort => x instanceof Port,
  isStopCell: (x): x is Int32Array => x instanceof Int32Array && !!SharedMemory && x.buffer instanceof SharedMemory,
  setStopCell,
  deliver: (batch) => deliver?.(batch),
});

/** The kernel's link as the runtime's Endpoint. */
const endpoint: Endpoint<KernelToProc, ProcToKernel> = {
  post(batch: ProcToKernel[], transfer?: PortLike[]) {
    link.post(batch, (transfer ?? []) as Transferable[]);
  },
  listen(handler) {
    deliver = handler;
    return () => {
      if (deliver === handler) deliver = null;
    };
  },
};

/** User modules are imported from Blob URLs (relative specifiers never resolve from them; the runtime maps builtins). */
function blobModuleUrl(js: string): string {
  return URL.createObjectURL(new Blob([js], { type: 'text/javascript' }));
}

// The runtime listens at once and reports the user's errors (and its own crashes) as that process's exit. This
// file is bundled by esbuild alone (src/tooling/workerBundles.ts), so a plain import() stays a plain import().
runProcess(endpoint, blobModuleUrl, undefined, (url) => import(/* @vite-ignore */ url));

// The page attaches a port when it lends this worker to a run's kernel (a nested worker's kernel worker names a
// link instead); anything else on this scope is ignored. (The page, for its part, ignores whatever this worker
// posts on its global scope: user code could post there. User code can neither post nor listen there, see
// src/runtime/harden.ts; an event it dispatches itself is not trusted, and read by nobody here.)
scope.addEventListener('message', (e) => link.onMessage(e));
scope.addEventListener('messageerror', (e) => link.onMessageError(e));
