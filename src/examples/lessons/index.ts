// Every gallery example's lesson as pure checks over one run: the CLI's lesson tests and the cross-engine browser suite call the same ones.
import { orphan, zombie } from './background';
import { daemon, daemonAsSeeded, daemonNoChildren, nonDaemon } from './daemon';
import { joinAfterLoop, joinInLoop, joinLoopsCompared, joinOne, noJoin } from './join';
import { poolApply, poolApplyAsyncRight, poolApplyAsyncWrong, poolApplyCompared, poolVsProcesses } from './pool';
import { cpuBoundSpeedup, imapUnordered, poolException } from './poolMore';
import { joinableQueue, joinableQueueHang, queueSentinel, queueSentinelOneConsumer } from './queues';
import { isolation, missingMainGuard, startClass, startFunction } from './start';
import { barrierPhases, eventStartGun, lockCounter, pipePingPong } from './sync';
import { lockOrderDeadlock, lostUpdate, queueCheckThenAct, sentinelOneConsumer } from './explore';
import type { Lesson, LessonPair, LessonRun, LessonVariant, NamedCheck } from './types';

export type { Check, Lesson, LessonPair, LessonRun, LessonVariant, Line, NamedCheck } from './types';
export { lessonRunFromTrace } from './query';
export { EXPLORE_CLAIMS } from './explore';

/** Every lesson, in the gallery's order. A new gallery example adds its Lesson here (and its `expect` in ../expects). */
export const LESSONS: readonly Lesson[] = [
  zombie,
  orphan,
  startFunction,
  startClass,
  isolation,
  noJoin,
  joinOne,
  joinInLoop,
  joinAfterLoop,
  nonDaemon,
  daemon,
  daemonNoChildren,
  queueSentinel,
  joinableQueue,
  joinableQueueHang,
  poolVsProcesses,
  poolApply,
  poolApplyAsyncWrong,
  poolApplyAsyncRight,
  missingMainGuard,
  lockCounter,
  pipePingPong,
  eventStartGun,
  barrierPhases,
  poolException,
  imapUnordered,
  cpuBoundSpeedup,
  lostUpdate,
  lockOrderDeadlock,
  queueCheckThenAct,
  sentinelOneConsumer,
];

/** Claims that compare runs of two examples (run both, one after the other, then check). */
export const LESSON_PAIRS: readonly LessonPair[] = [joinLoopsCompared, poolApplyCompared];

/** The readers' edits a lesson talks about ("change consumers to 1"), each with its own checks. */
export const LESSON_VARIANTS: readonly LessonVariant[] = [daemonAsSeeded, queueSentinelOneConsumer];

/** Every gallery id that has checks (all of them), in the gallery's order. */
export const LESSON_IDS: readonly string[] = LESSONS.map((l) => l.id);

/** The lesson of `id` (throws, naming the ids there are, if there is none). */
export function lessonOf(id: string): Lesson {
  const lesson = LESSONS.find((l) => l.id === id);
  if (!lesson) throw new Error(`no lesson checks for ${JSON.stringify(id)}; there are: ${LESSON_IDS.join(', ')}`);
  return lesson;
}

/** The speed `id`'s lesson must be run at (program seconds per wall second while every process waits). */
export function lessonSpeed(id: string): number {
  return lessonOf(id).speed;
}

/**
 * Runs one named check; a check that throws (the run lacks a process or an event it needs) reports that as its
 * problem instead.
 */
export function runCheck(c: NamedCheck, run: LessonRun): string[] {
  try {
    return c.check(run);
  } catch (e) {
    return [`could not be checked: ${e instanceof Error ? e.message : String(e)}`];
  }
}

/** Every problem of every check of `id`'s lesson, each prefixed with the claim it breaks (none: `[]`). */
export function lessonProblems(id: string, run: LessonRun): string[] {
  return lessonOf(id).checks.flatMap((c) => runCheck(c, run).map((p) => `${c.name}: ${p}`));
}
