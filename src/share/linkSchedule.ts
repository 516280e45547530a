// A share link's schedule, checked before the page offers to replay it: it must decode, and it must have been made
// for the very program text the link opens (its fingerprint), or it would replay something else.
import { scheduleProblem, type ShareProblem } from './codec';
import { decodeSchedule, programFingerprint } from './schedule';

/** The `why` of a schedule made for another program text (the page says it in its own language). */
export const SCHEDULE_MISMATCH = 'mismatch';

/** A link's schedule string against the program it opens: its choices and seed, or the problem. Never throws. */
export async function checkLinkSchedule(
  text: string,
  program: string,
): Promise<{ ok: true; choices: number[]; seed: number } | { ok: false; problem: ShareProblem }> {
  const d = await decodeSchedule(text);
  if (!d.ok) return { ok: false, problem: scheduleProblem(d.message) };
  if (d.schedule.fingerprint !== programFingerprint(program))
    return { ok: false, problem: scheduleProblem(SCHEDULE_MISMATCH) };
  return { ok: true, choices: d.schedule.choices, seed: d.schedule.seed };
}
