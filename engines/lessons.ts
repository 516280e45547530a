// TEMPORARY adapter: the lesson checks' interface (src/examples/lessons/, being built) over the catalog's `expect`.
//
// The "lessons" work is moving each lesson's checks into pure functions of a trace:
//   lessonRunFromTrace(trace, exitCode?) => LessonRun, lessonProblems(id, run) => string[], lessonSpeed(id), LESSON_IDS.
// Until that lands on main, this file gives the same interface with what main has: the catalog's `expect` (the
// lines and exit code every run of an example shows) and the trace's sanity (traceProblems). When it lands,
// the suite imports src/examples/lessons instead and this file goes.
import type { TraceFile } from '../src/protocol/trace';
import { examples } from '../src/examples/catalog';
import { expectProblems, fromTrace, speedOf, traceProblems, type RunOutput } from '../src/examples/testing/testkit';

/** What a lesson is checked against: the run's lines and exit codes, and its trace. */
export interface LessonRun extends RunOutput {
  trace: TraceFile;
}

/** Every gallery example that has a lesson, in the gallery's order. */
export const LESSON_IDS: readonly string[] = examples.map((e) => e.id);

/** The speed the lesson holds at (its tests' speed). */
export function lessonSpeed(id: string): number {
  return speedOf(id);
}

/** A run, from its trace (and the exit code the page reported, when it differs from MainProcess's in the trace). */
export function lessonRunFromTrace(trace: TraceFile, exitCode?: number): LessonRun {
  const out = fromTrace(trace);
  const main = trace.processes.find((p) => p.name === 'MainProcess');
  const code = exitCode ?? trace.result?.exitCode ?? main?.exitCode ?? -1;
  return { ...out, exitCode: code, stdout: '', stderr: '', trace };
}

/** What the lesson says that the run does not show; empty when the lesson holds. */
export function lessonProblems(id: string, run: LessonRun): string[] {
  const ex = examples.find((e) => e.id === id);
  if (!ex) return [`no gallery example ${id}`];
  return [...expectProblems(run, ex.expect), ...traceProblems(run.trace)];
}
