// What a lesson check reads: one run of a gallery example, built from its trace alone, so the CLI, the page and every browser engine can make one.
import type { TraceFile } from '../../protocol/trace';

/** One line a process printed (the trailing newline removed). */
export interface Line {
  /** The process's name: `MainProcess`, `Process-1`, `Process-1:1`, ... (`kernel` for pid 0's lines). */
  name: string;
  pid: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** One run of an example, as every lesson check sees it. */
export interface LessonRun {
  /** The exit code of the whole run (MainProcess's, 124 after a deadlock). */
  exitCode: number;
  /** Every line in the order it was printed. */
  lines: Line[];
  /** Process name → exit code, for every process whose end was seen. */
  exits: Map<string, number>;
  /** Every pid of the run. */
  pids: Set<number>;
  trace: TraceFile;
}

/** A check of one claim of a lesson: the problems it finds in the run (none: `[]`), each saying what was expected and what was seen. */
export type Check = (run: LessonRun) => string[];

/** A claim of a lesson and its check, named as a test would be. */
export interface NamedCheck {
  /** What the lesson claims, e.g. `the five children's sleeps overlap`. */
  name: string;
  check: Check;
}

/** A gallery example's lesson, as checks over one run. */
export interface Lesson {
  id: string;
  /**
   * The speed (program seconds per wall second while every process waits) the lesson is run at, where a lesson's
   * race needs its sleeps long against what no speed shortens (start-ups, wake-ups); 10 otherwise.
   */
  speed: number;
  checks: readonly NamedCheck[];
}

/** A claim that compares runs of two examples (made in the same minute, on the same machine). */
export interface LessonPair {
  name: string;
  /** The two examples: `check(a, b)` gets a run of each. */
  ids: readonly [string, string];
  check: (a: LessonRun, b: LessonRun) => string[];
}

/** A reader's edit of an example that its lesson talks about ("change consumers to 1"), with its own checks. */
export interface LessonVariant {
  /** The example edited. */
  id: string;
  name: string;
  /** The edit of the example's TypeScript source (it must change the text). */
  edit: (source: string) => string;
  checks: readonly NamedCheck[];
}
