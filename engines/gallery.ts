// Every gallery example run to its end in one engine, at its lesson's speed, and its lesson checked on the page's trace.
import { expect, it } from 'vitest';
import { SPEEDS } from '../src/share/options';
import { exampleIds, pageTrace, runToEnd } from './app';
import type { Session } from './harness';
import { LESSON_IDS, lessonProblems, lessonRunFromTrace, lessonSpeed } from './lessons';

/**
 * The page's speed for a lesson: the lesson's own when the page offers it, else the fastest one below it
 * (slower only lengthens sleeps against start-ups, which every lesson tolerates better).
 */
export function pageSpeed(id: string): number {
  const want = lessonSpeed(id);
  return [...SPEEDS].reverse().find((s) => s <= want) ?? SPEEDS[0];
}

/** How long one example may take before it counts as hung (the slowest take ~10 s at their speed). */
const EXAMPLE_TIMEOUT_MS = 90_000;

export function galleryTests(s: Session): void {
  it('lists every gallery example that has a lesson', async () => {
    await s.step('gallery', async () => {
      const page = await s.page();
      expect(await exampleIds(page)).toEqual(LESSON_IDS);
    });
  });

  for (const id of LESSON_IDS) {
    it(`${id}: runs to its end and its lesson holds`, async () => {
      await s.step(id, async () => {
        const page = await s.page();
        await page.select('[data-testid="example-picker"]', id);
        await page.select('[data-testid="speed"]', String(pageSpeed(id)));
        let end;
        try {
          end = await runToEnd(page, `example ${id}`, EXAMPLE_TIMEOUT_MS);
        } catch (e) {
          s.spoil(); // a hung run: the next example gets a fresh page
          throw e;
        }
        const { state, text } = end;
        const context = `state ${JSON.stringify(state)}; the terminal:\n${text}`;
        expect(state.status, `${id} did not exit in ${s.name}; ${context}`).toBe('exited');
        const run = lessonRunFromTrace(await pageTrace(page), state.exitCode ?? undefined);
        expect(lessonProblems(id, run), `the lesson of ${id} does not hold in ${s.name}; ${context}`).toEqual([]);
      });
    });
  }
}
