// One "process": a module worker the page created. It speaks to a run's kernel over the MessagePort the page
// attaches (a new one per run), never over its own global scope, and runs the runtime.
import type { Endpoint, KernelToProc, PortLike, ProcToKernel } from '../../protocol/messages';
import { runProcess } from '../../runtime';
import type { AttachMessage } from './protocol';

interface WorkerScope {
  addEventListener(type: 'message', fn: (e: MessageEvent<unknown>) => void): void;
}
const scope = self as unknown as WorkerScope;
// Taken now, before any user code can replace the global.
const Port = MessagePort;

let port: MessagePort | null = null;
let deliver: ((batch: KernelToProc[]) => void) | null = null;

/**
 * The kernel's port as the runtime's Endpoint. Nothing is posted before a port is attached: the runtime's own
 * boot-time `ready` is dropped, and each attach says `ready` on its new port instead.
 */
const endpoint: Endpoint<KernelToProc, ProcToKernel> = {
  post(batch: ProcToKernel[], transfer?: PortLike[]) {
    port?.postMessage(batch, (transfer ?? []) as Transferable[]);
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

// The page attaches a port when it lends this worker to a run's kernel; anything else on this scope is ignored.
// (The page, for its part, ignores whatever this worker posts on its global scope: user code could post there.)
scope.addEventListener('message', (e) => {
  const msg = e.data as Partial<AttachMessage> | null;
  if (msg?.t !== 'attach' || !(msg.port instanceof Port)) return;
  port?.close();
  port = msg.port;
  port.onmessage = (ev: MessageEvent<KernelToProc[]>) => deliver?.(ev.data);
  port.postMessage([{ t: 'ready' }] satisfies ProcToKernel[]);
});
