// Explore: run a program under a strategy again and again (each run controlled, in reused workers) until a run
// meets the condition, keeping a histogram of every outcome. Host-agnostic: the host runs one controlled run.
import { choicesOf, type LoggedDecision } from '../../protocol/sched/decide';
import type { ExploreStrategy, ExploreUntil } from '../../protocol/sched/explore';
import type { RunResult } from '../../protocol/trace';
import type { ControlStop } from './controller';
import { DfsSearch } from './dfs';
import type { RunPlan } from './plan';

/** What the host reports of one controlled run. */
export interface RunRecord {
  result: RunResult;
  stdout: string;
  stderr: string;
  log: LoggedDecision[];
  stopped: ControlStop | null;
  /** DFS: the decision (1-based) at which the run found every runnable process asleep, or 0. */
  blockedAt: number;
}

/** How a run ended, as explore groups runs. */
export interface Outcome {
  /** Equal for runs that ended the same way, with the same last line. */
  key: string;
  /** A short name for the histogram: the last line printed, the exit code, or `deadlock`. */
  label: string;
  exitCode: number;
  reason: RunResult['reason'];
  stdout: string;
  stderr: string;
  assertFailed: boolean;
}

export interface HistogramRow {
  label: string;
  key: string;
  runs: number;
  /** The first run (0-based) that ended this way. */
  first: number;
}

export interface Found {
  run: number;
  outcome: Outcome;
  /** The run's choices: the process slot chosen at each decision that had a choice (see share/schedule.ts). */
  choices: number[];
  log: LoggedDecision[];
}

export interface Progress {
  runs: number;
  histogram: HistogramRow[];
}

export interface ExploreReport {
  found: Found | null;
  runs: number;
  histogram: HistogramRow[];
  /** DFS only: whether every schedule was explored, and how many complete runs (distinct schedules) there were. */
  exhausted?: boolean;
  schedules?: number;
  /** Set when the search was stopped from outside (the Stop button, Ctrl+C). */
  interrupted?: boolean;
}

export interface ExploreOptions {
  strategy: ExploreStrategy;
  until: ExploreUntil;
  /** At most this many runs. */
  runs: number;
  /** The strategy's seed (random and PCT). */
  seed: number;
  /** PCT's bug depth d (default 3). */
  depth?: number;
  onProgress?: (p: Progress) => void;
  /** Checked between runs: true stops the search. */
  shouldStop?: () => boolean;
}

/** The process's uncaught `AssertionError` (a failed `assert(...)`), as its traceback's last line shows it. */
const ASSERTION = /^AssertionError(?::|$)/m;

/** Groups a run with those that ended the same way and printed the same last line. */
export function outcomeOf(r: RunRecord): Outcome {
  const { result, stdout, stderr } = r;
  const assertFailed = ASSERTION.test(stderr);
  const last = stdout.trimEnd().split('\n').pop()?.trim() ?? '';
  const shown = last.length > 60 ? `${last.slice(0, 57)}…` : last;
  let label: string;
  if (result.reason === 'deadlock') label = 'deadlock';
  else if (assertFailed) label = `AssertionError${shown ? ` · ${shown}` : ''}`;
  else if (result.exitCode !== 0) label = `exit ${result.exitCode}${shown ? ` · ${shown}` : ''}`;
  else label = shown || '(no output)';
  return {
    // Runs are grouped by how they end and their last line (a result, a tally): the lines before it interleave
    // differently in almost every run, which would make every run an outcome of its own.
    key: `${result.reason}|${result.exitCode}|${assertFailed ? 'A' : ''}|${last}`,
    label,
    exitCode: result.exitCode,
    reason: result.reason,
    stdout,
    stderr,
    assertFailed,
  };
}

function meets(until: ExploreUntil, o: Outcome, first: Outcome | null): boolean {
  switch (until) {
    case 'deadlock':
      return o.reason === 'deadlock';
    case 'exit!=0':
      return o.exitCode !== 0;
    case 'assert':
      return o.assertFailed;
    case 'output':
      return first !== null && o.stdout !== first.stdout;
  }
}

/** A run of the search could not be completed (too many points, too many processes, stuck): the search ends. */
export class ExploreStopped extends Error {
  constructor(
    readonly stop: ControlStop,
    readonly run: number,
  ) {
    super(`run ${run + 1} of the search was stopped by its controller`);
  }
}

/** PCT's k before any run has told how many steps the program takes. */
const FIRST_STEPS_GUESS = 1000;

/** Runs the search; `runOnce` runs one controlled run of the program (in workers the host keeps). */
export async function explore(
  opts: ExploreOptions,
  runOnce: (plan: RunPlan) => Promise<RunRecord>,
): Promise<ExploreReport> {
  const rows = new Map<string, HistogramRow>();
  const histogram = () => [...rows.values()].sort((a, b) => b.runs - a.runs || a.first - b.first);
  const dfs = opts.strategy === 'dfs' ? new DfsSearch() : null;
  let first: Outcome | null = null;
  let maxSteps = 0;
  let run = 0;
  let counted = 0;
  const report = (found: Found | null, interrupted = false): ExploreReport => ({
    found,
    runs: run,
    histogram: histogram(),
    ...(dfs ? { exhausted: dfs.exhausted, schedules: dfs.complete } : {}),
    ...(interrupted ? { interrupted } : {}),
  });
  while (run < opts.runs) {
    if (opts.shouldStop?.()) return report(null, true);
    let plan: RunPlan | null;
    if (dfs) plan = dfs.next();
    else if (opts.strategy === 'random') plan = { kind: 'random', seed: opts.seed, stream: run };
    else
      plan = {
        kind: 'pct',
        seed: opts.seed,
        stream: run,
        depth: opts.depth ?? 3,
        steps: maxSteps || FIRST_STEPS_GUESS,
      };
    if (!plan) break;
    const rec = await runOnce(plan);
    run++;
    maxSteps = Math.max(maxSteps, rec.log.length);
    const blocked = rec.blockedAt > 0;
    if (dfs) dfs.record(blocked ? rec.log.slice(0, rec.blockedAt - 1) : rec.log, blocked);
    if (blocked) continue;
    if (rec.stopped) throw new ExploreStopped(rec.stopped, run - 1);
    const o = outcomeOf(rec);
    counted++;
    const row = rows.get(o.key);
    if (row) row.runs++;
    else rows.set(o.key, { label: o.label, key: o.key, runs: 1, first: counted - 1 });
    opts.onProgress?.({ runs: run, histogram: histogram() });
    if (meets(opts.until, o, first)) {
      return report({ run: run - 1, outcome: o, choices: choicesOf(rec.log), log: rec.log });
    }
    first ??= o;
  }
  return report(null);
}
