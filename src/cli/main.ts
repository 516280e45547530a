// `mpplay run FILE.ts [--speed N] [--seed N] [--trace out.json] [--svg out.svg] [--prefix]`: runs a program on Node.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CompileError } from '../compile';
import { runOnNode } from '../hosts/node/nodeHost';
import type { Pid } from '../protocol/messages';
import type { TraceEvent } from '../protocol/trace';
import { explore } from './explore';
import { replay } from './exploreReplay';
import { summaryReport, svgReport } from './report';

const USAGE = `Usage: mpplay run FILE.ts [--speed N] [--seed N] [--trace out.json] [--svg out.svg] [--summary] [--prefix]
       mpplay run FILE.ts --schedule S      (replays a controlled run, e.g. one that mpplay explore found)
       mpplay explore FILE.ts --until deadlock|exit!=0|assert|output [--strategy random|pct|dfs] ...

Runs an mpplay program (TypeScript with Python's multiprocessing API) with every process a worker thread.
  --speed N        program seconds per wall second (default 1; 10 makes sleep(1) take 0.1 s)
  --seed N         seed of the per-process random streams (default 0)
  --trace FILE     write the trace (every state change of every process) as JSON
  --svg FILE       write the timeline chart of the run as SVG (the page's SVG export)
  --summary        print the run's numbers on stderr at the end (program time, real time, Σ running,
                   parallelism, pools), named and defined as on the page
  --prefix         prefix each output line with [pid name]
  --trace-level L  full (default) or lifecycle (leaves out per-item events; for measuring their cost)
  --schedule S     replay the controlled run whose schedule is S (the \`schedule: s1.…\` line of mpplay explore):
                   the same output and exit code every time; see docs/CONTROLLED-RUNS.md
Exit code: MainProcess's exit code (1 after an uncaught exception, n after sys.exit(n));
  1 when the program does not compile, 2 for bad usage, 124 when the run deadlocked (every process
  waited on another, so mpplay stopped it and printed who waits on what), 130 when interrupted.`;

/** Exit codes of the CLI itself, beside the program's own. */
export const CLI_EXIT = { usage: 2, compile: 1, deadlock: 124, interrupted: 130 } as const;

interface Args {
  file: string;
  speed: number;
  seed: number;
  trace: string | null;
  svg: string | null;
  summary: boolean;
  prefix: boolean;
  traceLevel: 'full' | 'lifecycle';
  schedule: string | null;
  seedGiven: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') return USAGE;
  if (cmd !== 'run') return `mpplay: unknown command '${cmd}'.\n\n${USAGE}`;
  const a: Args = {
    file: '',
    speed: 1,
    seed: 0,
    trace: null,
    svg: null,
    summary: false,
    prefix: false,
    traceLevel: 'full',
    schedule: null,
    seedGiven: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const value = () => {
      const v = rest[++i];
      if (v === undefined) throw new Error(`mpplay: ${arg} needs a value.`);
      return v;
    };
    const num = (what: string, v: string, ok: (n: number) => boolean) => {
      const n = Number(v);
      if (!ok(n))
        throw new Error(
          `mpplay: ${what} must be ${arg === '--speed' ? 'a positive number' : 'an integer'}, got '${v}'.`,
        );
      return n;
    };
    if (arg === '--speed') a.speed = num('--speed', value(), (n) => Number.isFinite(n) && n > 0);
    else if (arg === '--seed') {
      a.seed = num('--seed', value(), Number.isSafeInteger);
      a.seedGiven = true;
    } else if (arg === '--schedule') a.schedule = value();
    else if (arg === '--trace') a.trace = value();
    else if (arg === '--svg') a.svg = value();
    else if (arg === '--summary') a.summary = true;
    else if (arg === '--prefix') a.prefix = true;
    else if (arg === '--trace-level') {
      const v = value();
      if (v !== 'full' && v !== 'lifecycle')
        throw new Error(`mpplay: --trace-level must be full or lifecycle, got '${v}'.`);
      a.traceLevel = v;
    } else if (arg.startsWith('-')) throw new Error(`mpplay: unknown option '${arg}'.\n\n${USAGE}`);
    else if (a.file) throw new Error(`mpplay: one file at a time ('${a.file}' and '${arg}').`);
    else a.file = arg;
  }
  if (!a.file) throw new Error(`mpplay: which file? ${USAGE.split('\n')[0]}`);
  return a;
}

/** Runs the CLI; resolves with the process exit code. */
export async function main(argv: string[], workerUrl: URL): Promise<number> {
  if (argv[0] === 'explore') return explore(argv.slice(1), workerUrl);
  let args: Args | string;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return CLI_EXIT.usage;
  }
  if (typeof args === 'string') {
    const isHelp = args === USAGE;
    (isHelp ? process.stdout : process.stderr).write(`${args}\n`);
    return isHelp ? 0 : CLI_EXIT.usage;
  }
  let source: string;
  try {
    source = readFileSync(args.file, 'utf8');
  } catch (e) {
    process.stderr.write(`mpplay: cannot read ${args.file}: ${(e as Error).message}\n`);
    return CLI_EXIT.usage;
  }
  const filename = basename(args.file);
  const names = new Map<Pid, string>([[0, 'mpplay']]);
  const { prefix } = args;
  const onEvent = (ev: TraceEvent) => {
    if (ev.kind === 'spawn') names.set(ev.pid, ev.name);
    if (ev.kind !== 'output') return;
    const stream = ev.stream === 'stdout' ? process.stdout : process.stderr;
    if (!prefix) stream.write(ev.text);
    else {
      const tag = `[${ev.pid} ${names.get(ev.pid) ?? '?'}] `;
      stream.write(ev.text.replace(/\n(?!$)/g, `\n${tag}`).replace(/^/, tag));
    }
  };
  // `mpplay run x.ts | head`: a reader that goes away is not an error of the program.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  if (args.schedule !== null) {
    return replay({
      source,
      filename,
      schedule: args.schedule,
      seed: args.seedGiven ? args.seed : null,
      onEvent,
      trace: args.trace,
      svg: args.svg,
      workerUrl,
    });
  }
  let run;
  try {
    run = await runOnNode({
      source,
      filename,
      speed: args.speed,
      seed: args.seed,
      workerUrl,
      onEvent,
      traceLevel: args.traceLevel,
    });
  } catch (e) {
    if (e instanceof CompileError) {
      process.stderr.write(`${filename}:${e.line}:${e.column}: ${e.message}\n`);
      return CLI_EXIT.compile;
    }
    throw e;
  }
  const onSigint = () => run.stop();
  process.once('SIGINT', onSigint);
  const result = await run.done;
  process.off('SIGINT', onSigint);
  if (args.trace) writeFileSync(args.trace, JSON.stringify(run.traceFile()));
  if (args.svg) writeFileSync(args.svg, svgReport(run.traceFile()));
  if (args.summary) process.stderr.write(summaryReport(run.traceFile()));
  return result.exitCode;
}
