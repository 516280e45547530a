// Navigating the chart: wheel zoom around the pointer, drag, double-click, keys, row → terminal filter, table, exports.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { openApp, terminalText } from './helpers';
import { drawn, loadFixture, runExample } from './timelineHelpers';

test('Ctrl+wheel zooms around the pointer, drag pans, double-click fits again', async ({ page }) => {
  await openApp(page);
  await loadFixture(page, 'join-in-loop');
  const chart = page.getByTestId('timeline-chart');
  const box = (await chart.boundingBox())!;
  const before = await drawn(page);
  expect(before.follow).toBe(true);
  const px = box.x + before.gutter + 300;
  const atPointer = (d: typeof before) => d.scale.start + 300 * d.scale.msPerPx;
  await page.mouse.move(px, box.y + 60);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -400);
  await page.keyboard.up('Control');
  await expect.poll(async () => (await drawn(page)).scale.msPerPx).toBeLessThan(before.scale.msPerPx / 1.5);
  const zoomed = await drawn(page);
  expect(zoomed.follow).toBe(false);
  expect(atPointer(zoomed)).toBeCloseTo(atPointer(before), 0);

  await page.mouse.down();
  await page.mouse.move(px - 200, box.y + 60, { steps: 5 });
  await page.mouse.up();
  const panned = await drawn(page);
  expect(panned.scale.start).toBeCloseTo(zoomed.scale.start + 200 * zoomed.scale.msPerPx, 0);

  await chart.dblclick({ position: { x: before.gutter + 100, y: 60 } });
  await expect.poll(async () => (await drawn(page)).follow).toBe(true);
  expect((await drawn(page)).scale.msPerPx).toBeCloseTo(before.scale.msPerPx, 3);
});

test('the keyboard zooms, pans and steps through rows and items, announcing each', async ({ page }) => {
  await openApp(page);
  await loadFixture(page, 'join-in-loop');
  const chart = page.getByTestId('timeline-chart');
  await chart.focus();
  const start = await drawn(page);
  await page.keyboard.press('+');
  await expect.poll(async () => (await drawn(page)).scale.msPerPx).toBeLessThan(start.scale.msPerPx);
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await drawn(page)).scale.start).toBeGreaterThan(start.scale.start);
  await page.keyboard.press('0');
  await expect.poll(async () => (await drawn(page)).follow).toBe(true);
  const announce = page.getByTestId('timeline-announce');
  await page.keyboard.press('ArrowDown');
  await expect(announce).toHaveText(/^1000 MainProcess/);
  await page.keyboard.press('ArrowDown');
  await expect(announce).toHaveText(/^1001 Process-1/);
  await page.keyboard.press(']');
  await expect(announce).toHaveText(/^starting/);
  // Every span and marker of the row, one press each, in time order.
  const said: string[] = [];
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press(']');
    said.push((await announce.textContent()) ?? '');
  }
  expect(said.some((t) => t.startsWith('sleeping: sleep(1)'))).toBe(true);
  expect(said.some((t) => t.startsWith('exit. exit 0'))).toBe(true);
  expect(said.some((t) => t.startsWith('printed. Child process 0'))).toBe(true);
});

test('clicking a row shows only its lines in the terminal; clicking again (or Esc) shows all', async ({ page }) => {
  await openApp(page);
  const d = await runExample(page, 'join-in-loop', 6);
  await expect.poll(() => terminalText(page)).toContain('Finished');
  const row = d.rows.find((r) => r.name === 'Process-3')!;
  const chart = page.getByTestId('timeline-chart');
  await chart.click({ position: { x: 40, y: 24 + row.y + 14 } });
  await expect.poll(async () => (await drawn(page)).selectedRow).toBe(row.key);
  await expect.poll(() => terminalText(page)).toContain(`only [${row.pid} Process-3]`);
  const text = await terminalText(page);
  expect(text).toContain(`[${row.pid} Process-3] Child process 2`);
  expect(text).not.toContain('Process-1]');
  expect(text).not.toContain('Finished');
  expect(text).toMatch(/exit code 0/); // the page's own lines stay
  await chart.click({ position: { x: 40, y: 24 + row.y + 14 } });
  await expect.poll(() => terminalText(page)).toContain('Finished');
  await chart.click({ position: { x: 40, y: 24 + row.y + 14 } });
  await expect.poll(() => terminalText(page)).not.toContain('Finished');
  await chart.focus();
  await page.keyboard.press('Escape');
  await expect.poll(() => terminalText(page)).toContain('Finished');
  expect((await drawn(page)).selectedRow).toBeNull();
});

test('the table view lists the same spans, markers and arrows', async ({ page }) => {
  await openApp(page);
  await loadFixture(page, 'lost-items');
  await page.getByTestId('timeline-table-toggle').click();
  const table = page.getByTestId('timeline-table');
  await expect(table).toBeVisible();
  await expect(table.locator('caption')).toContainText('chart items');
  await expect(table).toContainText('blocked: Queue#1.get()');
  await expect(table).toContainText('never taken');
  await expect(table.locator('th[scope="col"]')).toHaveCount(4);
});

test('exports: SVG and PNG with the legend, Chrome trace JSON that validates', async ({ page }) => {
  await openApp(page);
  await loadFixture(page, 'lost-items');
  const [svgDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-svg').click()]);
  expect(svgDl.suggestedFilename()).toBe('lost-items.timeline.svg');
  const svg = readFileSync((await svgDl.path())!, 'utf8');
  expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain('zombie: exited, not yet joined');
  expect(svg).toContain('never taken');
  const [jsonDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-chrome').click()]);
  expect(jsonDl.suggestedFilename()).toBe('lost-items.perfetto.json');
  const trace = JSON.parse(readFileSync((await jsonDl.path())!, 'utf8')) as { traceEvents: { ph: string }[] };
  expect(trace.traceEvents.filter((e) => e.ph === 's').length).toBeGreaterThan(0);
  const chrome = await page.evaluate(() =>
    (globalThis as unknown as { __mpplay: { timelineChrome(): { problems: string[] } } }).__mpplay.timelineChrome(),
  );
  expect(chrome.problems).toEqual([]);
  const [pngDl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  expect(pngDl.suggestedFilename()).toBe('lost-items.timeline.png');
  const png = readFileSync((await pngDl.path())!);
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(10_000);
});

test('dark mode and reduced motion are followed', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark', reducedMotion: 'reduce' });
  const page = await context.newPage();
  await openApp(page);
  await expect.poll(async () => (await drawn(page)).theme).toBe('dark');
  expect((await drawn(page)).reducedMotion).toBe(true);
  await context.close();
});

test('`mpplay run --svg` writes the very SVG the page exports for the same trace', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'mpplay-e2e-svg-'));
  const [trace, svg] = [join(dir, 't.json'), join(dir, 't.svg')];
  execFileSync('node', [
    'bin/mpplay.mjs',
    'run',
    'src/examples/programs/zombie.ts',
    '--speed',
    '10',
    '--trace',
    trace,
    '--svg',
    svg,
  ]);
  await openApp(page);
  await page.evaluate(
    (f) =>
      (globalThis as unknown as { __mpplay: { timelineLoad(f: unknown): Promise<void> } }).__mpplay.timelineLoad(f),
    JSON.parse(readFileSync(trace, 'utf8')),
  );
  const fromPage = await page.evaluate(() =>
    (globalThis as unknown as { __mpplay: { timelineSvg(): string } }).__mpplay.timelineSvg(),
  );
  expect(fromPage).toBe(readFileSync(svg, 'utf8'));
});
