// Runs a program on Node: the kernel on this thread, every process a worker_thread. Used by the CLI and tests.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { compile } from '../../compile';
import { Kernel } from '../../kernel/kernel';
import type { ProcessEndpoint } from '../../kernel/host';
import { workerGoneMessage } from '../../protocol/limits';
import type { Pid, ProcToKernel } from '../../protocol/messages';
import type { RunResult, TraceEvent, TraceFile } from '../../protocol/trace';
import { systemClock } from '../clock';
import { processesAhead } from '../demand';
import { type RawWorker, WorkerPool } from '../workerPool';

export interface NodeRunOptions {
  source: string;
  filename?: string;
  speed?: number;
  seed?: number;
  /** URL or path of the bundled process worker (`processWorker.mjs`). */
  workerUrl: URL | string;
  onEvent?: (ev: TraceEvent) => void;
  maxProcesses?: number;
  /** See KernelOptions: the caps on what queues and pipes hold, and on the stored output. */
  maxHeldBytes?: number;
  maxOutputLines?: number;
  maxOutputChars?: number;
  /** The JS heap each process may use, in MB (default 512): past it, the process ends with MemoryError. */
  workerMemoryMb?: number;
  /** See KernelOptions.traceLevel. */
  traceLevel?: 'full' | 'lifecycle';
  /** Workers kept booted and idle so that start() does not pay for a worker boot (a fork server's idea). */
  warmWorkers?: number;
}

export interface NodeRun {
  kernel: Kernel;
  /** Resolves when the run ends (MainProcess and every orphan exited, or stop()). */
  done: Promise<RunResult>;
  stop(): void;
  /** How many worker threads the run created (workers are recycled between processes). */
  workersCreated(): number;
  /** The trace so far, as `--trace` writes it. */
  traceFile(): TraceFile;
}

/** Compiles and starts a run. Throws `CompileError` before anything starts. */
export async function runOnNode(opts: NodeRunOptions): Promise<NodeRun> {
  const filename = opts.filename ?? 'main.ts';
  const speed = opts.speed ?? 1;
  const seed = opts.seed ?? 0;
  const startedAt = new Date().toISOString();
  let resolveDone!: (r: RunResult) => void;
  const done = new Promise<RunResult>((r) => (resolveDone = r));
  // eslint-disable-next-line prefer-const -- assigned after the pool that refers to it
  let kernel: Kernel;
  const pool = new WorkerPool(
    {
      create: () => nodeWorker(opts.workerUrl, opts.workerMemoryMb ?? 512),
      spare: opts.warmWorkers ?? 2,
      maxBooting: Math.max(2, availableParallelism() * 2),
      // The kernel's and every worker thread's CPU time: spares are topped up only when a core is free.
      cpu: { used: () => cpuMs(process.cpuUsage()), cores: availableParallelism() },
    },
    (pid, text) => kernel.crashed(pid, text),
  );
  // The workers the program starts at once boot while it compiles (a worker_thread takes ~40 ms to boot).
  pool.warm(Math.max(opts.warmWorkers ?? 2, processesAhead(opts.source, availableParallelism())));
  let program;
  try {
    program = await compile(opts.source, filename);
  } catch (e) {
    pool.dispose();
    throw e;
  }
  const kernelOpts = {
    program,
    speed,
    seed,
    clock: systemClock,
    cpuCount: availableParallelism(),
    argv: [filename],
    ...(opts.maxProcesses !== undefined ? { maxProcesses: opts.maxProcesses } : {}),
    ...(opts.maxHeldBytes !== undefined ? { maxHeldBytes: opts.maxHeldBytes } : {}),
    ...(opts.maxOutputLines !== undefined ? { maxOutputLines: opts.maxOutputLines } : {}),
    ...(opts.maxOutputChars !== undefined ? { maxOutputChars: opts.maxOutputChars } : {}),
    ...(opts.traceLevel ? { traceLevel: opts.traceLevel } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    onEnd: (r: RunResult) => {
      pool.dispose();
      resolveDone(r);
    },
    host: {
      spawn: (pid: Pid): ProcessEndpoint => pool.spawn(pid),
      kill: (pid: Pid, reusable?: boolean) => pool.kill(pid, reusable),
      channel: () => new MessageChannel(),
    },
  };
  kernel = new Kernel(kernelOpts);
  kernel.start();
  return {
    kernel,
    done,
    workersCreated: () => pool.created,
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

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

/** A worker_thread as the pool sees it; `memoryMb`: its JS heap's cap (past it, V8 ends the worker). */
export function nodeWorker(url: URL | string, memoryMb: number): RawWorker {
  const w = new Worker(url, { name: 'mpplay-process', resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
  let ended = false;
  return {
    post: (batch, transfer) => w.postMessage(batch, transfer as Parameters<Worker['postMessage']>[1]),
    listen: (handler) => w.on('message', (batch: ProcToKernel[]) => handler(batch)),
    onDeath: (handler) => {
      w.on('error', (e) => {
        if ((e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
          handler(`MemoryError: this process used more than ${memoryMb} MB of memory (mpplay's cap for one process)`);
        } else handler(`mpplay: a process worker failed: ${e.message}`);
      });
      // A thread that ends while it hosts a process (its code called process.exit(), or the engine ended it)
      // ends that process with a line that blames it; the kernel never waits for it.
      w.on('exit', (code) => {
        if (!ended) handler(workerGoneMessage(`its thread exited with code ${code}`));
      });
    },
    terminate: () => {
      ended = true;
      void w.terminate();
    },
  };
}
