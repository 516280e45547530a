// `mpplay explore FILE.ts --until …`: searches the program's schedules for a run that meets the condition.
// Progress and the outcome histogram go to stderr; the found schedule to stdout, as `schedule: s1.…`.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CompileError } from '../compile';
import { ExploreStopped, type ExploreReport, type HistogramRow } from '../kernel/sched/explorer';
import { NodeWorkers, compileProgram, exploreOnNode, runControlledOnNode } from '../hosts/node/controlled';
import { encodeSchedule, programFingerprint } from '../share/schedule';
import { layoutTraceFile } from '../trace/layout';
import { toSvg } from '../trace/svg';
import { EXPLORE_USAGE, parseExploreArgs } from './exploreArgs';
import { stopMessage } from '../kernel/sched/stopText';

/** How often progress is printed (ms). */
const PROGRESS_MS = 500;

/** `label: runs` for the first `max` rows, most frequent first. */
export function histogramLine(rows: readonly HistogramRow[], max = 4): string {
  const shown = rows.slice(0, max).map((r) => `${r.label}: ${r.runs}`);
  if (rows.length > max) shown.push(`… ${rows.length - max} more`);
  return shown.join(', ');
}

/** The histogram as bars, one outcome a line. */
export function histogramBars(rows: readonly HistogramRow[], width = 30): string {
  const most = Math.max(1, ...rows.map((r) => r.runs));
  const labelWidth = Math.min(48, Math.max(...rows.map((r) => r.label.length), 7));
  return rows
    .map((r) => {
      const bar = '█'.repeat(Math.max(1, Math.round((r.runs / most) * width)));
      return `  ${r.label.padEnd(labelWidth)}  ${bar} ${r.runs}`;
    })
    .join('\n');
}

function summary(r: ExploreReport): string {
  const n = r.histogram.length;
  const head = `explore: ${r.runs} run${r.runs === 1 ? '' : 's'}, ${n} distinct outcome${n === 1 ? '' : 's'}`;
  const dfs =
    r.schedules !== undefined ? ` (${r.schedules} distinct schedules${r.exhausted ? ', every one explored' : ''})` : '';
  return `${head}${dfs}\n${histogramBars(r.histogram)}\n`;
}

/** Runs `mpplay explore`; resolves with the exit code. */
export async function explore(argv: string[], workerUrl: URL): Promise<number> {
  let args;
  try {
    args = parseExploreArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (args === 'help') {
    process.stdout.write(`${EXPLORE_USAGE}\n`);
    return 0;
  }
  let source: string;
  try {
    source = readFileSync(args.file, 'utf8');
  } catch (e) {
    process.stderr.write(`mpplay: cannot read ${args.file}: ${(e as Error).message}\n`);
    return 2;
  }
  const filename = basename(args.file);
  let program;
  try {
    program = await compileProgram(source, filename);
  } catch (e) {
    if (e instanceof CompileError) {
      process.stderr.write(`${filename}:${e.line}:${e.column}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  let interrupted = false;
  const onSigint = () => (interrupted = true);
  process.once('SIGINT', onSigint);
  let last = 0;
  let report: ExploreReport;
  try {
    report = await exploreOnNode({
      program,
      workerUrl,
      options: {
        strategy: args.strategy,
        until: args.until,
        runs: args.runs,
        seed: args.seed,
        depth: args.depth,
        shouldStop: () => interrupted,
        onProgress: (p) => {
          const now = performance.now();
          if (now - last < PROGRESS_MS) return;
          last = now;
          const n = p.histogram.length;
          process.stderr.write(
            `explore: ${p.runs} run${p.runs === 1 ? '' : 's'}, ${n} outcome${n === 1 ? '' : 's'}: ${histogramLine(p.histogram)}\n`,
          );
        },
      },
    });
  } catch (e) {
    if (!(e instanceof ExploreStopped)) throw e;
    process.stderr.write(`mpplay explore: run ${e.run + 1}: ${stopMessage(e.stop, null)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
  process.stderr.write(summary(report));
  if (!report.found) {
    const n = report.histogram.length;
    const why = report.interrupted
      ? 'interrupted'
      : report.exhausted
        ? `every one of the ${report.schedules} schedules was explored`
        : `within ${report.runs} runs`;
    process.stderr.write(
      `explore: no run met --until ${args.until} (${why}); ${n} distinct outcome${n === 1 ? '' : 's'} seen.\n`,
    );
    return report.interrupted ? 130 : 1;
  }
  const schedule = await encodeSchedule({
    fingerprint: programFingerprint(source),
    seed: 0,
    choices: report.found.choices,
  });
  process.stderr.write(
    `explore: found at run ${report.found.run + 1}: ${report.found.outcome.label}\n` +
      `explore: replay it with: mpplay run ${args.file} --schedule ${schedule}\n`,
  );
  process.stdout.write(`schedule: ${schedule}\n`);
  if (args.trace || args.svg) {
    // The found run again, in full (the search itself records no per-item events): a schedule replays exactly.
    const workers = new NodeWorkers(workerUrl, 0);
    try {
      const run = runControlledOnNode({ program, workers, plan: { kind: 'script', script: report.found.choices } });
      await run.done;
      if (args.trace) writeFileSync(args.trace, JSON.stringify(run.traceFile()));
      if (args.svg) writeFileSync(args.svg, toSvg(layoutTraceFile(run.traceFile()), { title: filename }));
    } finally {
      workers.dispose();
    }
  }
  return 0;
}
