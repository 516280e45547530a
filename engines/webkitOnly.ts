// WebKit's own tests: the phone layout at an iPhone's viewport, and a WebKit without SharedArrayBuffer (the clear message).
import { expect, it } from 'vitest';
import { examples } from '../src/examples/catalog';
import { appState, openApp, pageTrace, runToEnd } from './app';
import { PHONE, waitFor, type Driver } from './driver';
import type { Session } from './harness';
import { lessonProblems, lessonRunFromTrace } from '../src/examples/lessons';

/**
 * Scrolls the element into view and says whether a reader can see it there: `ok`, or what is wrong (missing,
 * empty, drawn off screen, or covered by another element at its top).
 */
function reach(d: Driver, selector: string): Promise<string> {
  return d.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return `${sel} is missing`;
    el.scrollIntoView({ block: 'start' });
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return `${sel} takes no room (${r.width}×${r.height})`;
    if (r.left < -1 || r.right > innerWidth + 1) return `${sel} is wider than the screen (${r.left}..${r.right})`;
    const x = r.left + r.width / 2;
    const y = Math.min(Math.max(r.top, 0) + 12, innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    return hit && el.contains(hit) ? 'ok' : `${sel} is covered by ${hit?.tagName ?? 'nothing'}.${hit?.className ?? ''}`;
  }, selector);
}

export function phoneTest(s: Session): void {
  it(`the phone layout at ${PHONE.width}×${PHONE.height}: the page fits, the lesson and the code are reachable, Run works`, async () => {
    let phone: Driver | null = null;
    try {
      await s.step(
        'phone',
        async () => {
          const id = 'join-after-loop';
          const ex = examples.find((e) => e.id === id)!;
          phone = await (await s.engine()).newPage();
          const d = phone;
          await d.viewport(PHONE.width, PHONE.height);
          await openApp(d, `${s.base}/?example=${id}`);
          const size = await d.evaluate(() => ({
            inner: innerWidth,
            scroll: document.documentElement.scrollWidth,
          }));
          expect(size.inner).toBe(PHONE.width);
          expect(size.scroll, 'the page scrolls sideways on a phone').toBeLessThanOrEqual(size.inner);
          expect(await reach(d, '[data-testid="lesson"]')).toBe('ok');
          const lesson = await d.evaluate(() => document.querySelector('[data-testid="lesson"]')?.textContent ?? '');
          expect(
            [ex.lesson.en, ex.lesson.zh].some((t) => lesson.includes(t)),
            lesson,
          ).toBe(true);
          expect(await reach(d, '[data-testid="editor"]')).toBe('ok');
          const code = await d.evaluate(() => document.querySelector('[data-testid="editor"]')?.textContent ?? '');
          expect(code).toContain('new Process({ target: runProc');
          expect(await reach(d, '[data-testid="run"]')).toBe('ok');
          const end = await runToEnd(d, `${id} on a phone`);
          expect(end.state, end.text).toMatchObject({ status: 'exited', exitCode: 0 });
          const run = lessonRunFromTrace(await pageTrace(d), end.state.exitCode ?? undefined);
          expect(lessonProblems(id, run), `the lesson of ${id} on a phone; the terminal:\n${end.text}`).toEqual([]);
          expect(await reach(d, '[data-testid="terminal"]')).toBe('ok');
        },
        () => phone,
      );
    } finally {
      await (phone as Driver | null)?.close();
    }
  });
}

/**
 * WebKitGTK as it ships (JavaScriptCore's SharedArrayBuffer off) on a cross-origin-isolated page: `Value` must
 * fail with a message that names the real cause, and the embed must warn before the reader runs it.
 */
export function noSharedMemoryTests(s: Session): void {
  it('an isolated page without SharedArrayBuffer: Value fails at once with a message that blames the missing SharedArrayBuffer, not isolation', async () => {
    await s.step('no-sab-value', async () => {
      const page = await s.page();
      const facts = await page.evaluate(() => ({
        isolated: crossOriginIsolated,
        sab: typeof SharedArrayBuffer,
      }));
      expect(facts).toEqual({ isolated: true, sab: 'undefined' });
      await page.select('[data-testid="example-picker"]', 'lock-counter');
      const end = await runToEnd(page, 'lock-counter without SharedArrayBuffer', 60_000);
      expect(end.state.status, end.text).toBe('exited');
      expect(end.state.exitCode, end.text).not.toBe(0);
      expect(end.text).toMatch(/RuntimeError: .*SharedArrayBuffer/);
      // The page *is* cross-origin isolated: a message that blames isolation sends the reader the wrong way.
      expect(end.text).not.toMatch(/not cross-origin isolated/);
    });
  });

  it('an isolated embed without SharedArrayBuffer warns, before any run, that Value needs the full page', async () => {
    let embed: Driver | null = null;
    try {
      await s.step(
        'no-sab-embed',
        async () => {
          embed = await (await s.engine()).newPage();
          const d = embed;
          await d.goto(`${s.base}/embed.html?example=lock-counter&panes=code,terminal`);
          await waitFor(
            () => d.evaluate(() => document.querySelector('[data-testid="run"]') !== null),
            `${s.name}: the embed did not come up`,
            60_000,
          );
          expect(await appState(d).catch(() => null)).toMatchObject({ status: 'idle' });
          const warning = await d.evaluate(
            () => document.querySelector('[data-testid="needs-full-page"]')?.textContent ?? '(no warning shown)',
          );
          expect(warning, 'the embed must say, before any run, that Value needs shared memory').toMatch(
            /SharedArrayBuffer|shared memory|共享内存/i,
          );
        },
        () => embed,
      );
    } finally {
      await (embed as Driver | null)?.close();
    }
  });
}
