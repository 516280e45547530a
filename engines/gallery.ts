// Every gallery example run to its end in one engine, at its lesson's speed, and its lesson checked on the page's trace.
import { expect, it } from 'vitest';
import { examples } from '../src/examples/catalog';
import {
  LESSON_IDS,
  LESSON_PAIRS,
  LESSON_VARIANTS,
  lessonProblems,
  lessonRunFromTrace,
  lessonSpeed,
  runCheck,
  type LessonRun,
} from '../src/examples/lessons';
import { SPEEDS } from '../src/share/options';
import { exampleIds, pageTrace, runToEnd, setCode } from './app';
import type { Driver } from './driver';
import type { Session } from './harness';

/**
 * The page's speed for a lesson: the lesson's own when the page offers it, else the fastest one below it
 * (slower only lengthens sleeps against start-ups, which every lesson tolerates better).
 */
export function pageSpeed(id: string): number {
  const want = lessonSpeed(id);
  return [...SPEEDS].reverse().find((s) => s <= want) ?? SPEEDS[0];
}

/**
 * Chooses gallery example `id` in the picker (then the speed, if given) and puts the example's own text in the
 * editor, edited if asked: never a draft an earlier test left for this example. (Here, not in app.ts: the bench
 * bundles app.ts with esbuild, which cannot load the catalog's `?raw` imports.)
 */
export async function openExample(
  d: Driver,
  id: string,
  o: { speed?: number; edit?: (source: string) => string } = {},
): Promise<void> {
  await d.select('[data-testid="example-picker"]', id);
  if (o.speed !== undefined) await d.select('[data-testid="speed"]', String(o.speed));
  const source = examples.find((e) => e.id === id)?.source ?? '';
  await setCode(d, o.edit ? o.edit(source) : source);
}

/**
 * How long one example may take at all. A hang is caught sooner, by runToEnd's SILENT_MS (no trace event for 45 s);
 * this only ends a run that keeps recording events: lock-counter's 8000 lock hand-offs take 55–75 s in WebKit on a
 * quiet machine (each crosses the page's main thread twice there), and over 90 s beside two other browsers on two
 * cores.
 */
const EXAMPLE_TIMEOUT_MS = 240_000;

/**
 * Opens example `id` in the shared page at its lesson's speed (optionally with its text edited), runs it to its
 * end and returns the run as the lesson checks read it. A run that does not exit is a failure that says how it
 * ended, with the terminal.
 */
async function runExample(s: Session, page: Driver, id: string, edit?: (source: string) => string): Promise<LessonRun> {
  await openExample(page, id, { speed: pageSpeed(id), ...(edit && { edit }) });
  let end;
  try {
    end = await runToEnd(page, `example ${id}`, EXAMPLE_TIMEOUT_MS);
  } catch (e) {
    s.spoil(); // a hung run: the next example gets a fresh page
    throw e;
  }
  const { state, text } = end;
  expect(state.status, `${id} did not exit in ${s.name}; state ${JSON.stringify(state)}; the terminal:\n${text}`).toBe(
    'exited',
  );
  return Object.assign(lessonRunFromTrace(await pageTrace(page), state.exitCode ?? undefined), { terminal: text });
}

/** The problems, with the terminal's text, as one readable failure message. */
function report(what: string, engine: string, run: LessonRun & { terminal?: string }): string {
  return `${what} does not hold in ${engine}; the terminal:\n${run.terminal ?? '(not read)'}`;
}

export function galleryTests(s: Session): void {
  /** Each example's run in this engine, for the claims that compare two examples. */
  const runs = new Map<string, LessonRun>();

  it('lists every gallery example that has a lesson', async () => {
    await s.step('gallery', async () => {
      const page = await s.page();
      expect(await exampleIds(page)).toEqual(LESSON_IDS);
    });
  });

  for (const id of LESSON_IDS) {
    it(`${id}: runs to its end and its lesson holds`, async () => {
      await s.step(id, async () => {
        const run = await runExample(s, await s.page(), id);
        runs.set(id, run);
        expect(lessonProblems(id, run), report(`the lesson of ${id}`, s.name, run)).toEqual([]);
      });
    });
  }

  for (const v of LESSON_VARIANTS) {
    it(`${v.id}, edited (${v.name}): its lesson holds`, async () => {
      await s.step(`${v.id}-${v.name}`, async () => {
        const run = await runExample(s, await s.page(), v.id, v.edit);
        const problems = v.checks.flatMap((c) => runCheck(c, run).map((p) => `${c.name}: ${p}`));
        expect(problems, report(`the lesson of ${v.id} edited (${v.name})`, s.name, run)).toEqual([]);
      });
    });
  }

  for (const pair of LESSON_PAIRS) {
    const [a, b] = pair.ids;
    it(`${pair.name} (${a} against ${b}, the runs above)`, () => {
      const ra = runs.get(a);
      const rb = runs.get(b);
      expect(
        ra && rb,
        `${s.name}: ${!ra ? a : b} did not run to its end above, so this cannot be checked`,
      ).toBeTruthy();
      expect(pair.check(ra!, rb!), `${pair.name}, in ${s.name}`).toEqual([]);
    });
  }
}
