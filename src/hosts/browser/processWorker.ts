// One "process": a nested module worker started by the kernel worker. Adapts `self` to an Endpoint and runs the runtime.
import type { Endpoint, KernelToProc, ProcToKernel } from '../../protocol/messages';
import { runProcess } from '../../runtime';

interface WorkerScope {
  postMessage(batch: ProcToKernel[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<KernelToProc[]>) => void): void;
}
const scope = self as unknown as WorkerScope;
// Taken now: before its first process runs user code, the runtime makes the scope's own postMessage raise.
const postToKernel = scope.postMessage.bind(scope);

/**
 * `self` as an Endpoint. Batches that arrive before the runtime calls `listen` (the kernel sends `init`
 * as soon as it starts the worker) are queued and delivered on `listen`, so none is lost.
 */
function selfEndpoint(): Endpoint<KernelToProc, ProcToKernel> {
  const early: KernelToProc[][] = [];
  const handlers = new Set<(batch: KernelToProc[]) => void>();
  scope.addEventListener('message', (e) => {
    if (handlers.size === 0) early.push(e.data);
    else for (const h of handlers) h(e.data);
  });
  return {
    post(batch) {
      postToKernel(batch);
    },
    listen(handler) {
      handlers.add(handler);
      for (const batch of early.splice(0)) handler(batch);
      return () => handlers.delete(handler);
    },
  };
}

/** User modules are imported from Blob URLs (relative specifiers never resolve from them; the runtime maps builtins). */
function blobModuleUrl(js: string): string {
  return URL.createObjectURL(new Blob([js], { type: 'text/javascript' }));
}

// The runtime listens at once and reports the user's errors (and its own crashes) as that process's exit.
runProcess(selfEndpoint(), blobModuleUrl);
