// Runs a gallery example's lesson checks as vitest tests on a CLI run (one `it` per claim), and proves each lesson's checks can fail.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent, TraceFile } from '../../protocol/trace';
import { lessonOf, lessonRunFromTrace, lessonProblems, runCheck, type LessonRun } from '../lessons';
import { RUN_TIMEOUT_MS, runMpplay, type MpplayRun } from './testkit';

/** A plausible wrong run of an example, made from a good one, and the claim (a part of a check's name) it breaks. */
export interface WrongRun {
  /** What is wrong with it, as a test title. */
  what: string;
  make: (good: MpplayRun) => LessonRun;
  /** A part of the name of the check that must report it (beyond the catalog's expect). */
  breaks: string;
}

/** Options of `describeLesson`. */
export interface LessonSuiteOptions {
  /** Run at this speed instead of the lesson's (its checks must hold at any speed). */
  speed?: number;
  /** Wrong runs each check must catch: at least one per lesson. */
  wrong: WrongRun[];
  /** A longer timeout for the run (program seconds of CPU work). */
  timeoutMs?: number;
  /** Called with the run once made, for the file's own extra tests. */
  onRun?: (run: MpplayRun) => void;
}

/** A run rebuilt from a changed copy of `good`'s trace (the exit code kept unless given). */
export function mutate(good: LessonRun, change: (trace: TraceFile) => TraceFile, exitCode = good.exitCode): LessonRun {
  const copy = JSON.parse(JSON.stringify(good.trace)) as TraceFile;
  return lessonRunFromTrace(change(copy), exitCode);
}

/** A trace whose events for which `drop` holds are removed. */
export function without(trace: TraceFile, drop: (e: TraceEvent, i: number) => boolean): TraceFile {
  return { ...trace, events: trace.events.filter((e, i) => !drop(e, i)) };
}

/** A trace whose output texts are rewritten by `edit`. */
export function rewriteOutput(trace: TraceFile, edit: (text: string, e: TraceEvent) => string): TraceFile {
  return { ...trace, events: trace.events.map((e) => (e.kind === 'output' ? { ...e, text: edit(e.text, e) } : e)) };
}

/**
 * Describes `id`'s lesson: one CLI run, then one test per claim of the lesson (each calling its named check), and
 * one per wrong run showing the lesson's checks report it.
 */
export function describeLesson(id: string, options: LessonSuiteOptions): void {
  const lesson = lessonOf(id);
  const speed = options.speed ?? lesson.speed;
  describe(`${id}: the lesson holds in a CLI run at speed ${speed}`, () => {
    let run: MpplayRun;
    beforeAll(async () => {
      run = await runMpplay(id, speed);
      options.onRun?.(run);
    }, options.timeoutMs ?? RUN_TIMEOUT_MS);

    it.each(lesson.checks.map((c) => ({ name: c.name, c })))('$name', ({ c }) => {
      expect(runCheck(c, run), `${run.stdout}\n${run.stderr}`).toEqual([]);
    });

    it('has at least one wrong run that its checks must catch', () => {
      expect(options.wrong.length).toBeGreaterThan(0);
    });

    it.each(options.wrong)('catches a wrong run: $what', ({ make, breaks }) => {
      const wrong = make(run);
      const broken = lesson.checks.filter((c) => c.name.includes(breaks));
      expect(
        broken.map((c) => c.name),
        `a check named like "${breaks}"`,
      ).toHaveLength(1);
      expect(runCheck(broken[0]!, wrong), `the check "${broken[0]!.name}"`).not.toEqual([]);
      expect(lessonProblems(id, wrong).length).toBeGreaterThan(0);
    });
  });
}
