// The arguments of `mpplay explore`, checked: each mistake gets one sentence saying what to write instead.
import {
  EXPLORE_STRATEGIES,
  EXPLORE_UNTILS,
  MAX_EXPLORE_DEPTH,
  type ExploreStrategy,
  type ExploreUntil,
} from '../protocol/sched/explore';

export const EXPLORE_USAGE = `Usage: mpplay explore FILE.ts --until deadlock|exit!=0|assert|output
                       [--strategy random|pct|dfs] [--runs N] [--seed N] [--depth D] [--trace out.json] [--svg out.svg]

Runs the program again and again, each run under a controlled schedule, until one run meets --until; prints
progress and a histogram of the outcomes on stderr and, when it finds a run, its schedule on stdout
(\`schedule: s1.…\`), which \`mpplay run FILE.ts --schedule s1.…\` replays exactly.
  --until C        deadlock  the run deadlocked (exit code 124)
                   exit!=0   MainProcess exited with a non-zero code
                   assert    a process ended with an uncaught AssertionError (a failed assert(...))
                   output    the run printed something other than the first run did
  --strategy S     random (default): every step's process chosen at random
                   pct: probabilistic concurrency testing with bug depth --depth (default 3)
                   dfs: every schedule in turn (with sleep sets), for small programs; says how many there were
  --runs N         at most N runs (default 1000 for random and pct, 10000 for dfs)
  --seed N         the strategy's seed (default 0): the same seed explores the same runs
  --depth D        PCT's bug depth: how many ordering constraints the bug needs (default 3)
  --trace FILE     write the found run's trace (JSON);  --svg FILE  write its timeline as SVG
Exit code: 0 when a run was found, 1 when none was within --runs, 2 for bad usage.`;

export interface ExploreArgs {
  file: string;
  strategy: ExploreStrategy;
  until: ExploreUntil;
  runs: number;
  seed: number;
  depth: number;
  trace: string | null;
  svg: string | null;
}

/** The parsed arguments, the usage text (for --help), or throws an Error whose message says what is wrong. */
export function parseExploreArgs(argv: string[]): ExploreArgs | 'help' {
  let file = '';
  let strategy: ExploreStrategy = 'random';
  let until: ExploreUntil | null = null;
  let runs: number | null = null;
  let seed = 0;
  let depth = 3;
  let trace: string | null = null;
  let svg: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`mpplay explore: ${arg} needs a value.`);
      return v;
    };
    const int = (min: number) => {
      const v = value();
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < min) {
        throw new Error(
          `mpplay explore: ${arg} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, got '${v}'.`,
        );
      }
      return n;
    };
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--strategy') {
      const v = value();
      if (!(EXPLORE_STRATEGIES as readonly string[]).includes(v))
        throw new Error(`mpplay explore: --strategy must be random, pct or dfs, got '${v}'.`);
      strategy = v as ExploreStrategy;
    } else if (arg === '--until') {
      const v = value().replace(/\s+/g, '');
      if (!(EXPLORE_UNTILS as readonly string[]).includes(v))
        throw new Error(`mpplay explore: --until must be deadlock, exit!=0, assert or output, got '${v}'.`);
      until = v as ExploreUntil;
    } else if (arg === '--runs') runs = int(1);
    else if (arg === '--seed') seed = int(Number.MIN_SAFE_INTEGER);
    else if (arg === '--depth') depth = int(1);
    else if (arg === '--trace') trace = value();
    else if (arg === '--svg') svg = value();
    else if (arg.startsWith('-')) throw new Error(`mpplay explore: unknown option '${arg}'.\n\n${EXPLORE_USAGE}`);
    else if (file) throw new Error(`mpplay explore: one file at a time ('${file}' and '${arg}').`);
    else file = arg;
  }
  if (!file) throw new Error(`mpplay explore: which file?\n\n${EXPLORE_USAGE}`);
  if (!until) throw new Error('mpplay explore: say what to look for: --until deadlock, exit!=0, assert or output.');
  if (depth > MAX_EXPLORE_DEPTH)
    throw new Error(`mpplay explore: --depth must be at most ${MAX_EXPLORE_DEPTH}, got ${depth}.`);
  return { file, strategy, until, runs: runs ?? (strategy === 'dfs' ? 10_000 : 1000), seed, depth, trace, svg };
}
