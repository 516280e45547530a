// Runs a program on Node: the kernel on this thread, every process a worker_thread. Used by the CLI and tests.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { compile } from '../../compile';
import { Kernel } from '../../kernel/kernel';
import type { ProcessEndpoint } from '../../kernel/host';
import type { Pid, ProcToKernel } from '../../protocol/messages';
import type { RunResult, TraceEvent, TraceFile } from '../../protocol/trace';
import { systemClock } from '../clock';

export interface NodeRunOptions {
  source: string;
  filename?: string;
  speed?: number;
  seed?: number;
  /** URL or path of the bundled process worker (`processWorker.mjs`). */
  workerUrl: URL | string;
  onEvent?: (ev: TraceEvent) => void;
  maxProcesses?: number;
  /** Workers kept booted and idle so that start() does not pay for a worker boot (a fork server's idea). */
  warmWorkers?: number;
}

export interface NodeRun {
  kernel: Kernel;
  /** Resolves when the run ends (MainProcess and every orphan exited, or stop()). */
  done: Promise<RunResult>;
  stop(): void;
  /** The trace so far, as `--trace` writes it. */
  traceFile(): TraceFile;
}

/** Compiles and starts a run. Throws `CompileError` before anything starts. */
export async function runOnNode(opts: NodeRunOptions): Promise<NodeRun> {
  const filename = opts.filename ?? 'main.ts';
  const program = await compile(opts.source, filename);
  const workers = new Map<Pid, Worker>();
  const spare: Worker[] = [];
  const warm = opts.warmWorkers ?? 2;
  const fresh = () =>
    new Worker(opts.workerUrl, { name: 'mpplay-process', resourceLimits: { maxOldGenerationSizeMb: 512 } });
  let ended = false;
  const speed = opts.speed ?? 1;
  const seed = opts.seed ?? 0;
  const startedAt = new Date().toISOString();
  let resolveDone!: (r: RunResult) => void;
  const done = new Promise<RunResult>((r) => (resolveDone = r));
  // eslint-disable-next-line prefer-const -- assigned after the host that refers to it
  let kernel: Kernel;
  const kernelOpts = {
    program,
    speed,
    seed,
    clock: systemClock,
    cpuCount: availableParallelism(),
    argv: [filename],
    ...(opts.maxProcesses !== undefined ? { maxProcesses: opts.maxProcesses } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    onEnd: (r: RunResult) => {
      ended = true;
      for (const w of [...workers.values(), ...spare.splice(0)]) void w.terminate();
      workers.clear();
      resolveDone(r);
    },
    host: {
      spawn(pid: Pid): ProcessEndpoint {
        const w = spare.shift() ?? fresh();
        while (!ended && spare.length < warm) spare.push(fresh());
        workers.set(pid, w);
        w.on('error', (e) => kernel.crashed(pid, `mpplay: the worker of process ${pid} failed: ${e.message}`));
        w.on('exit', () => {
          workers.delete(pid);
          kernel.crashed(pid, `mpplay: the worker of process ${pid} stopped unexpectedly`);
        });
        return {
          post: (batch) => w.postMessage(batch),
          listen: (handler) => {
            const h = (batch: ProcToKernel[]) => handler(batch);
            w.on('message', h);
            return () => w.off('message', h);
          },
        };
      },
      kill(pid: Pid) {
        const w = workers.get(pid);
        workers.delete(pid);
        w?.removeAllListeners('exit');
        void w?.terminate();
      },
    },
  };
  kernel = new Kernel(kernelOpts);
  kernel.start();
  return {
    kernel,
    done,
    stop: () => kernel.stop(),
    traceFile: () => ({
      format: 'mpplay-trace',
      version: 1,
      meta: { file: filename, speed, seed, startedAt },
      processes: kernel.snapshot().map(({ pid, name, daemon, exitCode }) => ({ pid, name, daemon, exitCode })),
      events: kernel.events,
      result: kernel.result(),
    }),
  };
}
