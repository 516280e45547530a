// The page ⇄ kernel-worker messages of Explore (issue 16) and of a controlled run's end, with the checks the kernel
// worker makes on what the page sends: the page passes on links and test hooks, so every field is validated.
import { plainChoice } from '../../protocol/sched/decide';
import {
  EXPLORE_STRATEGIES,
  EXPLORE_UNTILS,
  MAX_EXPLORE_DEPTH,
  type ExploreStrategy,
  type ExploreUntil,
} from '../../protocol/sched/explore';
import type { RunResult } from '../../protocol/trace';

/** The most runs one search may ask for (the CLI has no bound; a page keeps a tab responsive). */
export const MAX_EXPLORE_RUNS = 100_000;
/** The longest program the kernel worker compiles (as a share link's). */
const MAX_SOURCE_CHARS = 256 * 1024;

/** What the page asks a search for. `seed` is the runs' own seed (`random`, ids); `strategySeed` the strategy's. */
export interface ExploreParams {
  strategy: ExploreStrategy;
  until: ExploreUntil;
  runs: number;
  strategySeed: number;
  /** PCT's bug depth d. */
  depth: number;
}

/** Page → kernel worker: search the program's schedules. */
export interface ExploreMessage extends ExploreParams {
  t: 'explore';
  v: number;
  source: string;
  filename: string;
  /** The seed every run of the search runs with (the page's seed): a found schedule replays with it. */
  seed: number;
}

/** One row of the outcome histogram. */
export interface ExploreRow {
  label: string;
  runs: number;
}

/** The run a search found: enough to replay it (`choices` with `seed`) and to say what it showed. */
export interface ExploreFound {
  /** 0-based. */
  run: number;
  label: string;
  exitCode: number;
  reason: RunResult['reason'];
  choices: number[];
  seed: number;
}

/** The end of a search. */
export interface ExploreSummary {
  found: ExploreFound | null;
  runs: number;
  histogram: ExploreRow[];
  /** DFS: every schedule was explored, and how many distinct schedules there were. */
  exhausted?: boolean;
  schedules?: number;
  /** Stopped by the page's stop message before it ended. */
  interrupted?: boolean;
  /** Value/Array reads and writes were scheduling points (the workers had shared memory). */
  shared: boolean;
  /** Why the search had to end early (a run too long for a controlled run, too many processes). */
  problem?: string;
}

/** One decision of a controlled run that had a choice, as the page marks it. */
export interface DecisionMark {
  /** The decision's number in the run (0-based, counting every scheduling point). */
  step: number;
  /** The process chosen. */
  pid: number;
  /** What it did: `Value#1.value (write)`, `Lock#1.acquire()`. */
  label: string;
  /** Program ms when it was taken. */
  at: number;
  /** The choice differs from the plain one (the process that ran last, if it could go on): a switch that mattered. */
  mattered: boolean;
}

/** What a controlled run's end adds to its result: the choices it took (its schedule) and its marked decisions. */
export interface ControlledEnd {
  choices: number[];
  seed: number;
  shared: boolean;
  marks: DecisionMark[];
  /** More decisions had a choice than `marks` holds. */
  marksCut: boolean;
}

/** Page → kernel / kernel → page messages of this file. */
export type ExploreToKernel = ExploreMessage | { t: 'exploreStop' };
export type ExploreToPage =
  { t: 'exploreProgress'; runs: number; histogram: ExploreRow[] } | { t: 'exploreEnd'; summary: ExploreSummary };

const isInt = (x: unknown, lo: number, hi: number): x is number =>
  typeof x === 'number' && Number.isInteger(x) && x >= lo && x <= hi;

/**
 * Checks an `explore` message field by field; returns what is wrong in words for a person (the page shows it), or
 * null when the message can be used. The protocol version is checked by the caller.
 */
export function exploreMessageProblem(m: Partial<Record<keyof ExploreMessage, unknown>>): string | null {
  if (typeof m.source !== 'string') return 'the program text is missing';
  if (m.source.length > MAX_SOURCE_CHARS) return `the program is longer than ${MAX_SOURCE_CHARS} characters`;
  if (typeof m.filename !== 'string' || !/^[\w.-]{1,64}$/.test(m.filename)) return 'the file name is not a plain name';
  if (!EXPLORE_STRATEGIES.includes(m.strategy as ExploreStrategy))
    return `the strategy must be one of ${EXPLORE_STRATEGIES.join(', ')}`;
  if (!EXPLORE_UNTILS.includes(m.until as ExploreUntil)) return `"until" must be one of ${EXPLORE_UNTILS.join(', ')}`;
  if (!isInt(m.runs, 1, MAX_EXPLORE_RUNS))
    return `the number of runs must be a whole number from 1 to ${MAX_EXPLORE_RUNS}`;
  if (!isInt(m.strategySeed, 0, 0xffffffff)) return 'the strategy seed must be a whole number from 0 to 4294967295';
  if (!isInt(m.seed, 0, 0xffffffff)) return 'the seed must be a whole number from 0 to 4294967295';
  if (!isInt(m.depth, 1, MAX_EXPLORE_DEPTH)) return `PCT's depth must be a whole number from 1 to ${MAX_EXPLORE_DEPTH}`;
  return null;
}

/** The decisions of a run's log that had a choice, marked (at most `max`): see DecisionMark. */
export function decisionMarks(
  log: readonly { slot: number; options: readonly number[] }[],
  info: { pid(slot: number, step: number): number; label(step: number): string; at(step: number): number },
  max = 2000,
): { marks: DecisionMark[]; cut: boolean } {
  const marks: DecisionMark[] = [];
  let last = -1;
  for (let step = 0; step < log.length; step++) {
    const d = log[step]!;
    if (d.options.length > 1) {
      if (marks.length >= max) return { marks, cut: true };
      marks.push({
        step,
        pid: info.pid(d.slot, step),
        label: info.label(step),
        at: info.at(step),
        mattered: d.slot !== plainChoice(d.options, last),
      });
    }
    last = d.slot;
  }
  return { marks, cut: false };
}
