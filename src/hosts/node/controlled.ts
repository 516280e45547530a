// Controlled runs on Node: the controller and kernel on this thread, every process a worker_thread from a pool
// that outlives each run, so that an exploration of many runs reuses its workers.
import { availableParallelism } from 'node:os';
import { compile } from '../../compile';
import type { Choice } from '../../kernel/sched/asking';
import { Controller } from '../../kernel/sched/controller';
import { explore, type ExploreOptions, type ExploreReport } from '../../kernel/sched/explorer';
import { reusableControl, type RunPlan } from '../../kernel/sched/plan';
import { readLog } from '../../protocol/sched/decide';
import { H } from '../../protocol/sched/layout';
import type { Pid, Program } from '../../protocol/messages';
import type { RunResult, TraceEvent, TraceFile } from '../../protocol/trace';
import { WorkerPool } from '../workerPool';
import { nodeWorker } from './nodeHost';

/** Process workers kept across runs. */
export class NodeWorkers {
  readonly pool: WorkerPool;
  /** One control block for every run in these workers (posting a new SharedArrayBuffer is costly). */
  readonly control = reusableControl();
  private current: Controller | null = null;

  constructor(workerUrl: URL | string, spare = 2) {
    this.pool = new WorkerPool(
      {
        create: () => nodeWorker(workerUrl, 512),
        spare,
        maxBooting: Math.max(2, availableParallelism() * 2),
        maxIdle: 16,
      },
      (pid, text) => this.current?.kernel.crashed(pid, text),
    );
  }

  /** The run whose processes the pool now hosts (a worker's crash is reported to its kernel). */
  attach(c: Controller | null): void {
    this.current = c;
  }

  /** Workers created so far. */
  get created(): number {
    return this.pool.created;
  }

  dispose(): void {
    this.pool.dispose();
  }
}

export interface ControlledNodeRun {
  controller: Controller;
  done: Promise<RunResult>;
  traceFile(): TraceFile;
}

/** Compiles `source` once (throws `CompileError`). */
export function compileProgram(source: string, filename = 'main.ts'): Promise<Program> {
  return compile(source, filename);
}

/** Starts one controlled run of `program` in `workers`. */
export function runControlledOnNode(opts: {
  program: Program;
  workers: NodeWorkers;
  plan: RunPlan;
  seed?: number;
  onEvent?: (ev: TraceEvent) => void;
  traceLevel?: 'full' | 'lifecycle';
  logCap?: number;
  /** The learner is the scheduler (a script plan with `after: 'ask'`): see ControlledOptions.onAsk. */
  onAsk?: (options: Choice[]) => void;
}): ControlledNodeRun {
  let resolveDone!: (r: RunResult) => void;
  const done = new Promise<RunResult>((r) => (resolveDone = r));
  const { workers, program } = opts;
  const seed = opts.seed ?? 0;
  const controller = new Controller({
    program,
    plan: opts.plan,
    shared: true,
    control: workers.control,
    seed,
    cpuCount: availableParallelism(),
    argv: [program.filename],
    ...(opts.traceLevel ? { traceLevel: opts.traceLevel } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    ...(opts.logCap !== undefined ? { logCap: opts.logCap } : {}),
    ...(opts.onAsk ? { onAsk: opts.onAsk } : {}),
    onEnd: (r) => {
      workers.attach(null);
      resolveDone(r);
    },
    host: {
      spawn: (pid: Pid) => workers.pool.spawn(pid),
      kill: (pid: Pid, reusable?: boolean) => workers.pool.kill(pid, reusable),
    },
  });
  workers.attach(controller);
  controller.start();
  return {
    controller,
    done,
    traceFile: () => ({
      format: 'mpplay-trace',
      version: 1,
      // A controlled run has no wall-clock moment: the same schedule gives the same file, byte for byte.
      meta: { file: program.filename, speed: 1, seed, startedAt: 'controlled' },
      processes: controller.kernel
        .snapshot()
        .map(({ pid, name, daemon, exitCode }) => ({ pid, name, daemon, exitCode })),
      events: controller.kernel.events,
      result: controller.kernel.result(),
    }),
  };
}

/** Explores `program` on Node: every run controlled, all of them in one pool of workers. */
export async function exploreOnNode(o: {
  program: Program;
  workerUrl: URL | string;
  options: ExploreOptions;
}): Promise<ExploreReport> {
  const workers = new NodeWorkers(o.workerUrl);
  try {
    return await explore(o.options, async (plan) => {
      let stdout = '';
      let stderr = '';
      const run = runControlledOnNode({
        program: o.program,
        workers,
        plan,
        traceLevel: 'lifecycle',
        onEvent: (ev) => {
          if (ev.kind !== 'output') return;
          if (ev.stream === 'stdout') stdout += ev.text;
          else stderr += ev.text;
        },
      });
      const result = await run.done;
      const ctl = run.controller.ctl;
      return {
        result,
        stdout,
        stderr,
        log: readLog(ctl),
        stopped: run.controller.stopped,
        blockedAt: ctl[H.BLOCKED_AT]!,
      };
    });
  } finally {
    workers.dispose();
  }
}
