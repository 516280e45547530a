// A process as a Node worker_thread: adapts parentPort to the runtime's Endpoint; modules load from data: URLs.
import { parentPort } from 'node:worker_threads';
import type { KernelToProc } from '../../protocol/messages';
import { runProcess } from '../../runtime';

if (!parentPort) throw new Error('processWorker must run as a worker_thread');
const port = parentPort;

runProcess(
  {
    post: (batch) => port.postMessage(batch),
    listen: (handler) => {
      const h = (batch: KernelToProc[]) => handler(batch);
      port.on('message', h);
      return () => port.off('message', h);
    },
  },
  (js) => `data:text/javascript;charset=utf-8,${encodeURIComponent(js)}`,
  (handler) => {
    process.on('uncaughtException', handler);
    process.on('unhandledRejection', handler);
  },
  (url) => import(url), // bundled by esbuild (scripts/nodeBundle.mjs): a plain import() stays one
);
