// Explore on the browser host: the kernel worker runs the search loop (kernel/sched/explorer.ts) over the process
// workers the page lends it, reusing them from run to run as NodeWorkers does on Node, and tells the page how it goes.
import type { Program } from '../../protocol/messages';
import { Controller } from '../../kernel/sched/controller';
import { explore, ExploreStopped, type HistogramRow } from '../../kernel/sched/explorer';
import { DEFAULT_LOG_CAP, type RunPlan } from '../../kernel/sched/plan';
import { stopMessage } from '../../kernel/sched/stopText';
import { readLog } from '../../protocol/sched/decide';
import { H, makeControl } from '../../protocol/sched/layout';
import type { RunResult } from '../../protocol/trace';
import { WorkerPool, type RawWorker } from '../workerPool';
import { compile, CompileError } from '../../compile';
import {
  exploreMessageProblem,
  type ExploreMessage,
  type ExploreRow,
  type ExploreSummary,
  type ExploreToPage,
} from './exploreProtocol';
import { PAGE_PROTOCOL_VERSION, type KernelToPage } from './protocol';

/** Progress goes to the page at most this often (ms): a search of fast runs must not flood it. */
export const EXPLORE_PROGRESS_MS = 200;
/** Histogram rows sent at most (the most frequent first); the rest are summed into one row. */
export const MAX_ROWS = 40;

export interface ExploreHostOptions {
  post(msg: ExploreToPage): void;
  /** Where process workers come from (the page's leases: a LeaseSupply), and where the unused ones go back. */
  supply: { take(): RawWorker; giveBackFree(): void };
  cpuCount: number;
  /** Value/Array accesses are scheduling points (the workers have SharedArrayBuffer and Atomics.wait). */
  shared: boolean;
  /** A process whose worker does not start it this long after is ended (ms). */
  startTimeoutMs: number;
  now?: () => number;
}

/** The search was stopped by the page between two of its runs (or during one, which is then not counted). */
class Interrupted extends Error {}

/** The histogram as the page gets it: at most MAX_ROWS rows, the rest as one `… +N` row (N more outcomes). */
export function wireRows(rows: readonly HistogramRow[]): ExploreRow[] {
  const out = rows.slice(0, MAX_ROWS).map((r) => ({ label: r.label, runs: r.runs }));
  const rest = rows.slice(MAX_ROWS);
  if (rest.length) out.push({ label: `… +${rest.length}`, runs: rest.reduce((n, r) => n + r.runs, 0) });
  return out;
}

/** One search in a kernel worker. `stop()` ends it at the next run's end with what was found so far. */
export class BrowserExplore {
  private stopping = false;
  private current: Controller | null = null;
  private readonly pool: WorkerPool;
  /** One control block for every run (a shared one is posted to each worker once, then recognised). */
  private readonly control: Int32Array;

  constructor(private readonly o: ExploreHostOptions) {
    this.pool = new WorkerPool(
      {
        create: () => o.supply.take(),
        spare: 2,
        maxBooting: Math.max(2, o.cpuCount * 2),
        maxIdle: 16,
        startTimeoutMs: o.startTimeoutMs,
      },
      (pid, text) => this.current?.kernel.crashed(pid, text),
    );
    this.control = makeControl({ logCap: DEFAULT_LOG_CAP, scriptCap: DEFAULT_LOG_CAP, shared: o.shared });
  }

  /** Asks the search to end; the run going on is stopped (and left out of the counts). */
  stop(): void {
    this.stopping = true;
    this.current?.stop();
  }

  /** Runs the search and returns its summary; the lent workers go back to the page at the end. */
  async run(program: Program, msg: ExploreMessage): Promise<ExploreSummary> {
    const now = this.o.now ?? (() => performance.now());
    let last = -Infinity;
    let seen: { runs: number; histogram: HistogramRow[] } = { runs: 0, histogram: [] };
    const { shared } = this.o;
    try {
      const r = await explore(
        {
          strategy: msg.strategy,
          until: msg.until,
          runs: msg.runs,
          seed: msg.strategySeed,
          depth: msg.depth,
          shouldStop: () => this.stopping,
          onProgress: (p) => {
            seen = p;
            const t = now();
            if (t - last < EXPLORE_PROGRESS_MS) return;
            last = t;
            this.o.post({ t: 'exploreProgress', runs: p.runs, histogram: wireRows(p.histogram) });
          },
        },
        (plan) => this.runOnce(program, plan, msg.seed),
      );
      const found = r.found && {
        run: r.found.run,
        label: r.found.outcome.label,
        exitCode: r.found.outcome.exitCode,
        reason: r.found.outcome.reason,
        choices: r.found.choices,
        seed: msg.seed,
      };
      return {
        found,
        runs: r.runs,
        histogram: wireRows(r.histogram),
        shared,
        ...(r.exhausted !== undefined ? { exhausted: r.exhausted, schedules: r.schedules ?? 0 } : {}),
        ...(r.interrupted ? { interrupted: true } : {}),
      };
    } catch (e) {
      const base = { found: null, runs: seen.runs, histogram: wireRows(seen.histogram), shared };
      if (e instanceof Interrupted) return { ...base, interrupted: true };
      if (e instanceof ExploreStopped) return { ...base, problem: `run ${e.run + 1}: ${stopMessage(e.stop, null)}` };
      throw e;
    } finally {
      this.current = null;
      this.pool.dispose();
      this.o.supply.giveBackFree();
    }
  }

  /** One controlled run of the search, its output kept (no trace goes to the page). */
  private async runOnce(program: Program, plan: RunPlan, seed: number) {
    let stdout = '';
    let stderr = '';
    let resolve!: (r: RunResult) => void;
    const done = new Promise<RunResult>((r) => (resolve = r));
    const c = new Controller({
      host: { spawn: (pid) => this.pool.spawn(pid), kill: (pid, reusable) => this.pool.kill(pid, reusable) },
      program,
      seed,
      cpuCount: this.o.cpuCount,
      argv: [program.filename],
      plan,
      shared: this.o.shared,
      control: this.control,
      traceLevel: 'lifecycle',
      onEvent: (ev) => {
        if (ev.kind !== 'output') return;
        if (ev.stream === 'stdout') stdout += ev.text;
        else stderr += ev.text;
      },
      onEnd: resolve,
    });
    this.current = c;
    c.start();
    const result = await done;
    this.current = null;
    if (this.stopping) throw new Interrupted();
    return {
      result,
      stdout,
      stderr,
      log: readLog(c.ctl),
      stopped: c.stopped,
      blockedAt: c.ctl[H.BLOCKED_AT]!,
    };
  }
}

/**
 * Serves a page's `explore` message in the kernel worker: checks it (a clear `fatal` for a bad one), compiles the
 * program, runs the search and posts its end. `begin` gets the search (for the page's stop) or says the worker is
 * busy (a kernel worker serves one run or one search): false refuses it.
 */
export async function serveExplore(
  msg: ExploreMessage,
  o: Omit<ExploreHostOptions, 'post'> & { post(m: KernelToPage): void; begin(e: BrowserExplore): boolean },
): Promise<void> {
  if (msg.v !== PAGE_PROTOCOL_VERSION) {
    o.post({
      t: 'fatal',
      message: `page protocol v${String(msg.v)} != kernel worker v${PAGE_PROTOCOL_VERSION}: reload the page.`,
    });
    return;
  }
  const problem = exploreMessageProblem(msg);
  if (problem) {
    o.post({ t: 'fatal', message: `Explore was asked wrongly: ${problem}.` });
    return;
  }
  const search = new BrowserExplore({ ...o, post: (m) => o.post(m) });
  if (!o.begin(search)) {
    o.post({ t: 'fatal', message: 'a kernel worker serves one run; start a new worker for the next one.' });
    return;
  }
  let program;
  try {
    program = await compile(msg.source, msg.filename);
  } catch (e) {
    if (e instanceof CompileError) o.post({ t: 'compileError', message: e.message, line: e.line, column: e.column });
    else throw e;
    return;
  }
  o.post({ t: 'started', cpuCount: o.cpuCount });
  const summary = await search.run(program, msg);
  o.post({ t: 'exploreEnd', summary });
}
