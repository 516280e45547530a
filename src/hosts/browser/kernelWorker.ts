// The kernel's own module worker: compiles the snippet, runs a Kernel whose processes are nested
// module workers, and forwards the trace to the page in batches.
import { compile, CompileError } from '../../compile';
import { Kernel } from '../../kernel/kernel';
import type { ProcessEndpoint, ProcessHost } from '../../kernel/host';
import type { Pid, ProcToKernel } from '../../protocol/messages';
import type { TraceEvent } from '../../protocol/trace';
import { systemClock } from '../clock';
import { PAGE_PROTOCOL_VERSION, type KernelToPage, type PageToKernel } from './protocol';
import { TraceBatcher } from './traceBatcher';

/** The few members of a dedicated worker's global scope used here (the DOM lib has no worker types). */
interface WorkerScope {
  postMessage(msg: KernelToPage): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<PageToKernel>) => void): void;
  navigator: { hardwareConcurrency?: number };
}
const scope = self as unknown as WorkerScope;

let kernel: Kernel | null = null;

function post(msg: KernelToPage): void {
  scope.postMessage(msg);
}

/** Batches go to the page at most once a frame, one in flight; a flood keeps its newest 5000 lines per batch. */
const batcher = new TraceBatcher({
  send: (events, skipped) => post({ t: 'events', events, skipped }),
  intervalMs: 16,
  maxOutput: 5000,
});

function onEvent(ev: TraceEvent): void {
  batcher.push(ev);
}

/** Each process is a nested module worker; `kill` is `terminate()` (Chromium may let a busy one run ~2 s more). */
function browserProcessHost(crashed: (pid: Pid, text: string) => void): ProcessHost {
  const workers = new Map<Pid, Worker>();
  return {
    spawn(pid: Pid): ProcessEndpoint {
      const worker = new Worker(new URL('./processWorker.ts', import.meta.url), { type: 'module', name: String(pid) });
      workers.set(pid, worker);
      const handlers = new Set<(batch: ProcToKernel[]) => void>();
      worker.addEventListener('message', (e: MessageEvent<ProcToKernel[]>) => {
        for (const h of handlers) h(e.data);
      });
      // A worker that fails to load or throws outside the runtime's own handling (a module that does not
      // resolve, a runtime bug): report it as that process dying with exit code 1, so the run still ends.
      worker.addEventListener('error', (e: ErrorEvent) => {
        e.preventDefault();
        const where = e.filename ? ` (${e.filename}:${e.lineno}:${e.colno})` : '';
        crashed(
          pid,
          `mpplay: the worker of process ${pid} failed: ${e.message || 'its script could not be loaded'}${where}`,
        );
      });
      return {
        post(batch) {
          worker.postMessage(batch);
        },
        listen(handler) {
          handlers.add(handler);
          return () => handlers.delete(handler);
        },
      };
    },
    kill(pid: Pid): void {
      workers.get(pid)?.terminate();
      workers.delete(pid);
    },
  };
}

async function run(msg: Extract<PageToKernel, { t: 'run' }>): Promise<void> {
  if (msg.v !== PAGE_PROTOCOL_VERSION) {
    post({
      t: 'fatal',
      message: `page protocol v${String(msg.v)} != kernel worker v${PAGE_PROTOCOL_VERSION}: reload the page.`,
    });
    return;
  }
  if (kernel) {
    post({ t: 'fatal', message: 'a kernel worker serves one run; start a new worker for the next one.' });
    return;
  }
  let program;
  try {
    program = await compile(msg.source, msg.filename);
  } catch (e) {
    if (e instanceof CompileError) {
      post({ t: 'compileError', message: e.message, line: e.line, column: e.column });
    } else {
      post({ t: 'fatal', message: `compiler crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
    }
    return;
  }
  const cpuCount = scope.navigator.hardwareConcurrency ?? 2;
  kernel = new Kernel({
    host: browserProcessHost((pid, text) => kernel?.crashed(pid, text)),
    clock: systemClock,
    program,
    speed: msg.speed,
    seed: msg.seed,
    cpuCount,
    onEvent,
    onEnd(result) {
      batcher.flushNow();
      post({ t: 'end', result });
    },
  });
  post({ t: 'started', cpuCount });
  kernel.start();
}

scope.addEventListener('message', (e) => {
  const msg = e.data;
  try {
    if (msg.t === 'run') {
      run(msg).catch((err: unknown) => {
        post({
          t: 'fatal',
          message: `kernel crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        });
      });
    } else if (msg.t === 'ack') {
      batcher.ack();
    } else if (msg.t === 'stop') {
      kernel?.stop();
    }
  } catch (err) {
    post({ t: 'fatal', message: `kernel crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` });
  }
});
