// Explore… on the page (issue 16): the dialog finds the gallery's lost update and lock-order deadlock within the
// lessons' stated runs and shows the found run in every pane; Stop ends a search; a link with the run's schedule
// replays the same run in a fresh page (on a click only); a damaged or mismatched schedule is refused with a
// message; a page without shared memory says what it cannot explore and still explores kernel calls.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { englishWords } from '../src/ui/i18n/untranslated';
import {
  appState,
  type AppState,
  getCode,
  openApp,
  setCode,
  terminalText,
  waitForRunEnd,
  withoutIsolation,
} from './helpers';
import { visibleStrings } from './visibleStrings';

interface Hooks {
  __mpplay: {
    linkOpened(): boolean;
    linkProblems(): string[];
    runs(): number;
    options(): { seed: number };
    trace(): { events: { kind: string; stream?: string; text?: string; pid: number }[] };
  };
}

/** Opens gallery example `id` with its own text. */
async function openExample(page: Page, id: string): Promise<void> {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption(id);
}

/** Runs Explore with these settings and waits for its end; returns the status line's text. */
async function explore(
  page: Page,
  o: { strategy: string; until: string; runs: number },
): Promise<{ text: string; found: string | null }> {
  await page.getByTestId('explore').click();
  await expect(page.getByTestId('explore-dialog')).toBeVisible();
  await page.getByTestId('explore-strategy').selectOption(o.strategy);
  await page.getByTestId('explore-until').selectOption(o.until);
  await page.getByTestId('explore-runs').fill(String(o.runs));
  await page.getByTestId('explore-start').click();
  const status = page.getByTestId('explore-status');
  await expect(status).toHaveAttribute('data-phase', 'done', { timeout: 90_000 });
  return { text: (await status.textContent()) ?? '', found: await status.getAttribute('data-found') };
}

/**
 * Explores the open program for a failed assertion, shows the run found, and reads its share link (the share dialog
 * stays open); returns how the shown run ended and the link, which carries its schedule.
 */
async function foundRunLink(page: Page): Promise<{ end: AppState; link: string }> {
  expect((await explore(page, { strategy: 'random', until: 'assert', runs: 5 })).found).toBe('yes');
  await page.getByTestId('explore-show').click();
  const end = await waitForRunEnd(page, 60_000);
  await page.getByTestId('share').click();
  await expect(page.getByTestId('share-link')).toHaveValue(/&schedule=s1\./);
  return { end, link: await page.getByTestId('share-link').inputValue() };
}

/** The program's own output of the run on show (stdout and stderr, in order), from the page's trace. */
function programOutput(page: Page): Promise<string> {
  return page.evaluate(() =>
    (globalThis as unknown as Hooks).__mpplay
      .trace()
      .events.filter((e) => e.kind === 'output')
      .map((e) => e.text)
      .join(''),
  );
}

/** The histogram's counts. */
async function counts(page: Page): Promise<number[]> {
  const cells = await page.getByTestId('explore-row').locator('.count').allTextContents();
  return cells.map(Number);
}

test('Explore finds the lost update within 5 random runs and shows that run in every pane', async ({ page }) => {
  test.setTimeout(150_000);
  await openExample(page, 'lost-update');
  const r = await explore(page, { strategy: 'random', until: 'assert', runs: 5 });
  expect(r.found, r.text).toBe('yes');
  expect(r.text).toMatch(/Found at run [1-5]: AssertionError/);
  await expect(page.getByTestId('explore-found-label')).toContainText('counter ='); // the last line printed
  const n = Number(/Found at run (\d+)/.exec(r.text)![1]);
  expect((await counts(page)).reduce((a, b) => a + b, 0)).toBe(n);
  await page.getByTestId('explore-show').click();
  await expect(page.getByTestId('explore-dialog')).toBeHidden();
  expect(await waitForRunEnd(page, 60_000)).toMatchObject({ status: 'exited', exitCode: 1 });
  await expect.poll(() => terminalText(page)).toContain('丢失了更新');
  expect(await programOutput(page)).toMatch(/counter = [23], 期望 4/);
  // The schedule strip marks the decisions, the switches that lost the update among them.
  await expect(page.getByTestId('schedule-strip')).toBeVisible();
  expect(await page.getByTestId('strip-switch').count()).toBeGreaterThanOrEqual(1);
  const titles = await page.getByTestId('strip-switch').evaluateAll((els) => els.map((e) => e.getAttribute('title')));
  expect(titles.some((t) => t?.includes('Value#1.value'))).toBe(true);
  // The process table shows the run's processes.
  await expect(page.locator('.side')).toContainText('MainProcess');
});

test('Explore (PCT) finds the lock-order deadlock within 20 runs and shows it', async ({ page }) => {
  test.setTimeout(150_000);
  await openExample(page, 'lock-order-deadlock');
  const r = await explore(page, { strategy: 'pct', until: 'deadlock', runs: 20 });
  expect(r.found, r.text).toBe('yes');
  expect(r.text).toContain('deadlock');
  await page.getByTestId('explore-show').click();
  expect(await waitForRunEnd(page, 60_000)).toMatchObject({ status: 'exited', exitCode: 124, reason: 'deadlock' });
  expect(await page.getByTestId('strip-switch').count()).toBeGreaterThanOrEqual(1);
});

test('Stop ends a search with what it saw; the page runs normally afterwards', async ({ page }) => {
  test.setTimeout(150_000);
  await openExample(page, 'lost-update');
  await page.getByTestId('explore').click();
  await page.getByTestId('explore-until').selectOption('deadlock'); // never happens: the search would go on
  await page.getByTestId('explore-runs').fill('100000');
  await page.getByTestId('explore-start').click();
  await expect(page.getByTestId('explore-status')).toContainText(/searching · ([1-9]\d*) runs?/, { timeout: 60_000 });
  await page.getByTestId('explore-stop').click();
  const status = page.getByTestId('explore-status');
  await expect(status).toHaveAttribute('data-phase', 'done', { timeout: 30_000 });
  const text = (await status.textContent()) ?? '';
  const stopped = Number(/Stopped after (\d+) runs/.exec(text)?.[1]);
  expect(stopped, text).toBeGreaterThan(0);
  expect(stopped).toBeLessThan(100_000);
  expect((await counts(page)).reduce((a, b) => a + b, 0)).toBe(stopped);
  await page.getByTestId('explore-close').click();
  await page.getByTestId('run').click();
  expect(await waitForRunEnd(page, 60_000)).toMatchObject({ status: 'exited', exitCode: 0 });
});

test('a search whose run never reaches a scheduling point still stops; the toolbar’s Stop ends a search at once', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openApp(page);
  const spin = [
    'import { Process } from "multiprocessing";',
    'function spin() {',
    '  while (true) {}',
    '}',
    'if (__name__ === "__main__") {',
    '  const p = new Process({ target: spin });',
    '  p.start();',
    '  await p.join();',
    '}',
    '',
  ].join('\n');
  await setCode(page, spin);
  await page.getByTestId('explore').click();
  await page.getByTestId('explore-start').click();
  await expect(page.getByTestId('explore-status')).toHaveAttribute('data-phase', 'searching');
  await page.getByTestId('explore-stop').click();
  await expect(page.getByTestId('explore-status')).toHaveAttribute('data-phase', 'done', { timeout: 15_000 });
  await expect(page.getByTestId('explore-status')).toContainText('Stopped after 0 runs');

  // The toolbar's Stop (its key) while a search goes on: the kernel worker is ended, the search says so.
  await openExample(page, 'lost-update');
  await page.getByTestId('explore').click();
  await page.getByTestId('explore-until').selectOption('deadlock');
  await page.getByTestId('explore-runs').fill('100000');
  await page.getByTestId('explore-start').click();
  await expect(page.getByTestId('explore-status')).toContainText(/searching · [1-9]/, { timeout: 60_000 });
  await page.keyboard.press('Control+Shift+Enter');
  await expect(page.getByTestId('explore-status')).toHaveAttribute('data-phase', 'done', { timeout: 5_000 });
  await expect(page.getByTestId('explore-status')).toContainText(/Stopped after [1-9]\d* runs/);
  await page.getByTestId('explore-close').click();
  await page.getByTestId('run').click();
  expect(await waitForRunEnd(page, 60_000)).toMatchObject({ status: 'exited', exitCode: 0 });
});

test('a link with the found run’s schedule replays the same run in a fresh page, on a click only', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await openExample(page, 'lost-update');
  const { end, link } = await foundRunLink(page);
  const output = await programOutput(page);
  await expect(page.getByTestId('include-schedule')).toBeChecked();

  const fresh = await (await browser.newContext()).newPage();
  await fresh.goto(link);
  await fresh.waitForFunction(() => (globalThis as unknown as Partial<Hooks>).__mpplay?.linkOpened() === true);
  await expect(fresh.getByTestId('notice')).toContainText('schedule of a run');
  expect(await fresh.evaluate(() => (globalThis as unknown as Hooks).__mpplay.runs())).toBe(0);
  expect((await appState(fresh)).status).toBe('idle');
  await fresh.getByTestId('notice-action').click();
  expect(await waitForRunEnd(fresh, 60_000)).toMatchObject({ status: end.status, exitCode: end.exitCode });
  expect(await programOutput(fresh)).toBe(output);
  await fresh.context().close();
});

test('a damaged schedule, or one made for another program, is refused with a message; the program opens', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  await openExample(page, 'lost-update');
  const { link } = await foundRunLink(page);
  const [, schedule] = /&schedule=(s1\.[\w-]+)/.exec(link)!;
  const ctx = await browser.newContext();

  // Cut short, with an unknown flag, of a newer format, not a schedule at all: each says why, nothing is offered.
  const s = schedule!;
  for (const bad of [s.slice(0, 6), `s1.B${s.slice(4)}`, `s2.${s.slice(3)}`, 's1.!!']) {
    const fresh = await ctx.newPage();
    await fresh.goto(link.replace(schedule!, bad));
    await fresh.waitForFunction(() => (globalThis as unknown as Partial<Hooks>).__mpplay?.linkOpened() === true);
    await expect(fresh.getByTestId('notice')).toContainText('schedule cannot be replayed');
    expect(await fresh.evaluate(() => (globalThis as unknown as Hooks).__mpplay.linkProblems())).toContain(
      'bad-schedule',
    );
    await expect(fresh.getByTestId('notice-action')).toHaveCount(0);
    expect(await getCode(fresh)).toContain('USE_LOCK');
    await fresh.close();
  }

  // The same schedule with an edited program (another example's link, the schedule pasted on): the fingerprint differs.
  await page.getByTestId('share-close').click();
  await setCode(page, `${await getCode(page)}\nprint("edited");\n`);
  await page.getByTestId('share').click();
  await expect(page.getByTestId('include-schedule')).toBeDisabled();
  await expect(page.getByTestId('share-link')).toHaveValue(/#v1\//);
  const edited = await page.getByTestId('share-link').inputValue();
  const mismatched = `${edited.replace('#v1/', '#v2/')}&schedule=${schedule}`;
  const fresh = await ctx.newPage();
  await fresh.goto(mismatched);
  await fresh.waitForFunction(() => (globalThis as unknown as Partial<Hooks>).__mpplay?.linkOpened() === true);
  await expect(fresh.getByTestId('notice')).toContainText('made for another program text');
  await expect(fresh.getByTestId('notice-action')).toHaveCount(0);
  expect(await getCode(fresh)).toContain('print("edited")');
  expect(await fresh.evaluate(() => (globalThis as unknown as Hooks).__mpplay.runs())).toBe(0);
  await ctx.close();
});

test('without cross-origin isolation the dialog says shared-memory races cannot be explored, and kernel calls still are', async ({
  page,
}) => {
  test.setTimeout(150_000);
  // The page's document served without its isolation headers (as a non-isolated embed would be).
  await withoutIsolation(page);
  await openExample(page, 'lock-order-deadlock');
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(false);
  await page.getByTestId('explore').click();
  await expect(page.getByTestId('explore-no-shared')).toContainText('races on them cannot be explored');
  await page.getByTestId('explore-close').click();
  const r = await explore(page, { strategy: 'random', until: 'deadlock', runs: 10 });
  expect(r.found, r.text).toBe('yes');
});

test('Alt+Shift+E opens and closes Explore, from the editor too, and the help lists it', async ({ page }) => {
  await openApp(page);
  await page.locator('.monaco-editor').first().click();
  await page.keyboard.press('Alt+Shift+E');
  await expect(page.getByTestId('explore-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('explore-dialog')).toBeHidden();
  await page.getByTestId('help').click();
  await expect(page.getByTestId('help-dialog')).toContainText('Alt+Shift+E');
});

/** English words in what the page shows outside the chart (the chart's own strings are another branch's). */
async function englishOutsideChart(page: Page): Promise<string[]> {
  return (await visibleStrings(page))
    .filter((s) => !s.inChart)
    .flatMap((s) => englishWords(s.text).map((w) => `${w} (in "${s.text.slice(0, 60)}")`));
}

test('in Chinese the dialog, its verdict and the schedule strip are translated; axe finds nothing serious', async ({
  page,
}) => {
  test.setTimeout(150_000);
  await openExample(page, 'lost-update');
  await page.getByTestId('lang').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByTestId('explore').click();
  await expect(page.getByTestId('explore-dialog')).toContainText('探索调度');
  await page.getByTestId('explore-runs').fill('5');
  await page.getByTestId('explore-start').click();
  await expect(page.getByTestId('explore-status')).toHaveAttribute('data-found', 'yes', { timeout: 90_000 });
  await expect(page.getByTestId('explore-status')).toContainText('次运行找到');
  expect(await englishOutsideChart(page)).toEqual([]);
  const { violations } = await new AxeBuilder({ page }).include('[data-testid="explore-dialog"]').analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.getByTestId('explore-show').click();
  await waitForRunEnd(page, 60_000);
  await expect(page.getByTestId('schedule-strip')).toContainText('受控运行');
  expect(await englishOutsideChart(page)).toEqual([]);
});
