// Recorded runs: a link or a trace file next to the post shows a run's chart and output before anyone presses Run.
import { expect, test, type Page } from '@playwright/test';
import { openApp, setCode, terminalText, waitForRunEnd } from './helpers';

interface Hooks {
  __mpplay: {
    state(): { status: string; recorded?: string | null; recordedProblem?: string | null };
    timeline(): { rows: { name: string }[]; replayAt: number | null };
    linkOpened?(): boolean;
    runs(): number;
  };
}

const state = (page: Page) => page.evaluate(() => (globalThis as unknown as Hooks).__mpplay.state());
const rows = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as Hooks).__mpplay.timeline().rows.filter((r) => /Process/.test(r.name)).length,
  );

/** How many runs the page has started (workers booted ahead of a run run nothing, so they are not counted). */
const runs = (page: Page) => page.evaluate(() => (globalThis as unknown as Hooks).__mpplay.runs());

test('Share can put the finished run in the link; the link shows it in a fresh page without running anything', async ({
  browser,
}) => {
  const a = await browser.newContext();
  const page = await a.newPage();
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('join-after-loop');
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('include-run')).toBeDisabled(); // nothing has run yet
  await page.getByTestId('share-close').click();
  await page.getByTestId('run').click();
  expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 0 });
  await page.getByTestId('share').click();
  await page.getByTestId('include-run').check();
  await expect(page.getByTestId('share-link')).toHaveValue(/#v2\/&run=[A-Za-z0-9_-]+$/);
  const link = await page.getByTestId('share-link').inputValue();
  await expect(page.getByTestId('embed-code')).toHaveValue(
    /embed\.html\?[^"]*#v2\/&amp;run=|embed\.html\?[^"]*#v2\/&run=/,
  );
  await a.close();

  const b = await browser.newContext();
  const fresh = await b.newPage();
  await fresh.goto(link);
  await fresh.waitForFunction(() => (globalThis as unknown as Hooks).__mpplay.linkOpened?.() === true);
  await expect(fresh.getByTestId('notice')).toContainText('a recorded run of it');
  expect(await state(fresh)).toMatchObject({ status: 'exited', recorded: 'link' });
  await expect(fresh.getByTestId('status')).toContainText('a recorded run (nothing ran here) · exit code 0');
  await expect.poll(() => terminalText(fresh)).toContain('Finished');
  expect(await terminalText(fresh)).toContain('a recorded run: exit code 0');
  await expect.poll(() => rows(fresh)).toBe(6);
  await expect(fresh.locator('[data-testid="process-table"] tbody tr')).toHaveCount(6);
  expect(await runs(fresh)).toBe(0);

  // Run it yourself: a real run replaces the recording.
  await fresh.getByTestId('run').click();
  expect(await waitForRunEnd(fresh)).toMatchObject({ status: 'exited', exitCode: 0 });
  expect(await state(fresh)).toMatchObject({ recorded: null });
  expect(await runs(fresh)).toBe(1);
  await b.close();
});

test('an embed shows a trace file from its own site, replays it when seen, and runs only when asked', async ({
  page,
}) => {
  await page.goto('/embed.html?example=join-after-loop&panes=chart,terminal&trace=traces/join-after-loop.trace.json');
  await expect.poll(() => state(page)).toMatchObject({ status: 'exited', recorded: 'file' });
  await expect(page.getByTestId('recorded-banner')).toContainText('Nothing has run in your browser yet');
  await expect(page.getByTestId('run')).toHaveText('▶ Run it yourself');
  await expect.poll(() => rows(page)).toBe(6);
  // Replayed once seen: the chart's moment moves, then the whole run is back.
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as Hooks).__mpplay.timeline().replayAt))
    .not.toBeNull();
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toContain('Finished');
  expect(await runs(page)).toBe(0);
  await page.getByTestId('run').click();
  await expect.poll(async () => (await state(page)).recorded, { timeout: 20_000 }).toBeNull();
  expect(await runs(page)).toBe(1);
});

test('a trace from another site, a missing one or one that is not a trace is refused with a clear message', async ({
  page,
}) => {
  const cases: [string, RegExp][] = [
    ['http://localhost:1/x.trace.json', /only a trace file on this embed's own site/],
    ['traces/none.trace.json', /answered 404|none\.trace\.json: it is not JSON/], // a static host: 404; vite preview: its index page
    ['index.html', /is not JSON/],
    ['javascript:alert(1)', /only a trace file on this embed's own site/],
  ];
  for (const [trace, why] of cases) {
    await page.goto(`/embed.html?example=zombie&panes=chart,terminal&trace=${encodeURIComponent(trace)}`);
    await expect(page.getByTestId('recorded-problem'), trace).toContainText(why);
    expect(await state(page), trace).toMatchObject({ status: 'idle', recorded: null });
  }
  await page.getByTestId('run').click(); // still usable
  await expect.poll(async () => (await state(page)).status, { timeout: 20_000 }).toBe('exited');
});

test('a run too large for a link says so in the Share dialog, with what to do instead', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await setCode(page, 'for (let i = 0; i < 40000; i++) print(i, Math.random(), Math.random(), Math.random());\n');
  await page.getByTestId('run').click();
  await waitForRunEnd(page, 90_000);
  await page.getByTestId('share').click();
  await page.getByTestId('include-run').check();
  await expect(page.getByTestId('share-too-large')).toContainText('This run is too large for a link');
  await expect(page.getByTestId('share-too-large')).toContainText('trace=');
  await page.getByTestId('include-run').uncheck();
  await expect(page.getByTestId('share-link')).toHaveValue(/#v1\//);
});
