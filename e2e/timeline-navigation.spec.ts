// Moving in the chart as in Perfetto and DevTools: the wheel scrolls rows, Ctrl/⌘+wheel and W/S zoom around the
// pointer, Shift+wheel and A/D pan, PageUp/PageDown/Home/End move by rows, a scrollbar, folding, a clamped axis.
import { expect, test, type Page } from '@playwright/test';
import type { TraceFile } from '../src/protocol/trace';
import { openApp } from './helpers';
import { manyChildren } from './syntheticTraces';
import { drawn, loadFixture, type DrawnTimeline } from './timelineHelpers';

async function load(page: Page, file: TraceFile): Promise<void> {
  await page.evaluate(
    (f) =>
      (globalThis as unknown as { __mpplay: { timelineLoad(f: unknown): Promise<void> } }).__mpplay.timelineLoad(f),
    file,
  );
}

/** The moment at x px into the plot. */
const timeAt = (d: DrawnTimeline, x: number) => d.scale.start + x * d.scale.msPerPx;

/** Folds open the group of MainProcess's children by clicking its ▸, and waits for the rows. */
async function unfoldGroup(page: Page): Promise<DrawnTimeline> {
  const d = await drawn(page);
  const group = d.rows.find((r) => r.kind === 'group')!;
  const chart = page.getByTestId('timeline-chart');
  await chart.click({ position: { x: 24, y: 24 + group.y + group.h / 2 } });
  await expect.poll(async () => (await drawn(page)).maxScroll).toBeGreaterThan(1000);
  return drawn(page);
}

test('6.1’s shape: 200 children start folded into one row, so the pool’s five rows are in view; ▸ unfolds them', async ({
  page,
}) => {
  await openApp(page);
  await load(page, manyChildren(200));
  const d = await drawn(page);
  const shown = d.rows.filter((r) => !r.hidden);
  expect(shown.map((r) => r.label)).toEqual([
    '1000 MainProcess',
    '200 processes',
    'Pool#1 (5 workers)',
    ...[201, 202, 203, 204, 205].map((n) => `${1000 + n} SpawnPoolWorker-${n} ·d`),
  ]);
  expect(d.rows.filter((r) => r.hidden)).toHaveLength(200);
  // On the first screen, unscrolled: the pool and its workers (at least two of them whole).
  const onScreen = shown.filter((r) => r.y + r.h <= d.rowsHeight);
  expect(onScreen.map((r) => r.kind)).toEqual(expect.arrayContaining(['pool']));
  // (At the default split a worker row with its task lane is ~42 px: two of them whole, the rest one scroll away.)
  expect(onScreen.filter((r) => r.label.includes('SpawnPoolWorker')).length).toBeGreaterThanOrEqual(2);
  const open = await unfoldGroup(page);
  expect(open.rows.filter((r) => r.hidden)).toHaveLength(0);
  // Folded again from the keyboard: focus the group row, C.
  const chart = page.getByTestId('timeline-chart');
  await chart.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('timeline-announce')).toHaveText(/^200 processes of 1000 MainProcess/);
  await page.keyboard.press('c');
  await expect.poll(async () => (await drawn(page)).rows.filter((r) => r.hidden).length).toBe(200);
});

test('the wheel scrolls the rows; Ctrl+wheel zooms around the pointer; Shift+wheel pans time', async ({ page }) => {
  await openApp(page);
  await load(page, manyChildren(120));
  const before = await unfoldGroup(page);
  const chart = page.getByTestId('timeline-chart');
  const box = (await chart.boundingBox())!;
  const px = 300;
  await page.mouse.move(box.x + before.gutter + px, box.y + 80);

  await page.mouse.wheel(0, 300);
  await expect.poll(async () => (await drawn(page)).scrollY).toBeGreaterThan(200);
  let d = await drawn(page);
  expect(d.scale).toEqual(before.scale); // no zoom, no pan

  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -300);
  await page.keyboard.up('Control');
  await expect.poll(async () => (await drawn(page)).scale.msPerPx).toBeLessThan(before.scale.msPerPx / 1.3);
  d = await drawn(page);
  expect(timeAt(d, px)).toBeCloseTo(timeAt(before, px), 0); // the moment under the pointer stays
  const scrolled = d.scrollY;

  await page.keyboard.down('Shift');
  await page.mouse.wheel(0, 200);
  await page.keyboard.up('Shift');
  await expect.poll(async () => (await drawn(page)).scale.start).toBeGreaterThan(d.scale.start);
  expect((await drawn(page)).scrollY).toBe(scrolled);
});

test('keys: W/S zoom, A/D pan, PageDown/PageUp and Home/End by rows, Shift+Home to the start; the scrollbar drags', async ({
  page,
}) => {
  await openApp(page);
  await load(page, manyChildren(120));
  await unfoldGroup(page);
  const chart = page.getByTestId('timeline-chart');
  await chart.focus();
  const start = await drawn(page);
  await page.keyboard.press('w');
  await expect.poll(async () => (await drawn(page)).scale.msPerPx).toBeLessThan(start.scale.msPerPx);
  await page.keyboard.press('w');
  const zoomed = await drawn(page);
  await page.keyboard.press('d');
  await expect.poll(async () => (await drawn(page)).scale.start).toBeGreaterThan(zoomed.scale.start);
  await page.keyboard.press('a');
  await page.keyboard.press('a');
  await expect.poll(async () => (await drawn(page)).scale.start).toBeLessThan(zoomed.scale.start);
  await page.keyboard.press('s');
  await expect.poll(async () => (await drawn(page)).scale.msPerPx).toBeGreaterThan(zoomed.scale.msPerPx);

  await page.keyboard.press('PageDown');
  await expect.poll(async () => (await drawn(page)).scrollY).toBeGreaterThan(100);
  const page1 = (await drawn(page)).scrollY;
  await page.keyboard.press('PageDown');
  await expect.poll(async () => (await drawn(page)).scrollY).toBeCloseTo(2 * page1, -1);
  await page.keyboard.press('PageUp');
  await expect.poll(async () => (await drawn(page)).scrollY).toBeCloseTo(page1, -1);
  await page.keyboard.press('End');
  await expect.poll(async () => (await drawn(page)).scrollY).toBe(start.maxScroll);
  await expect(page.getByTestId('timeline-announce')).toHaveText(/SpawnPoolWorker-125/);
  await page.keyboard.press('Home');
  await expect.poll(async () => (await drawn(page)).scrollY).toBe(0);
  await expect(page.getByTestId('timeline-announce')).toHaveText(/^1000 MainProcess/);
  await page.keyboard.press('d');
  await page.keyboard.press('Shift+Home');
  await expect.poll(async () => (await drawn(page)).scale.start).toBeLessThanOrEqual(0);

  // The scrollbar: its thumb dragged half-way down scrolls the rows about half-way.
  const thumb = (await page.getByTestId('timeline-scroll-thumb').boundingBox())!;
  const track = (await page.getByTestId('timeline-scrollbar').boundingBox())!;
  await page.mouse.move(thumb.x + thumb.width / 2, thumb.y + 5);
  await page.mouse.down();
  await page.mouse.move(thumb.x + thumb.width / 2, thumb.y + 5 + (track.height - thumb.height) / 2, { steps: 5 });
  await page.mouse.up();
  const d = await drawn(page);
  expect(d.scrollY / d.maxScroll).toBeGreaterThan(0.4);
  expect(d.scrollY / d.maxScroll).toBeLessThan(0.6);
  // A click on the track below the thumb pages down.
  await page.mouse.click(track.x + track.width / 2, track.y + track.height - 4);
  await expect.poll(async () => (await drawn(page)).scrollY).toBeGreaterThan(d.scrollY);
});

test('never a negative time axis, a zoom limit, and distinct tick labels at any zoom', async ({ page }) => {
  await openApp(page);
  await loadFixture(page, 'join-in-loop');
  const chart = page.getByTestId('timeline-chart');
  const box = (await chart.boundingBox())!;
  const fit = await drawn(page);
  await page.mouse.move(box.x + fit.gutter + 200, box.y + 60);
  // Out as far as it goes, and panned far before the start.
  await page.keyboard.down('Control');
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 500);
  await page.keyboard.up('Control');
  await page.keyboard.down('Shift');
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -2000);
  await page.keyboard.up('Shift');
  await expect.poll(async () => (await drawn(page)).scale.msPerPx).toBeCloseTo(fit.scale.msPerPx, 3);
  let d = await drawn(page);
  expect(d.scale.start).toBeGreaterThanOrEqual(-20 * d.scale.msPerPx);
  expect(d.ticks.every((t) => !t.startsWith('−'))).toBe(true);
  // In as far as it goes, around a moment after 1 s: the window stops at 1 ms, every label distinct.
  await chart.focus();
  for (let i = 0; i < 40; i++) await page.keyboard.press('w');
  await expect.poll(async () => (await drawn(page)).scale.msPerPx * (await drawn(page)).scale.width).toBeCloseTo(1, 3);
  d = await drawn(page);
  expect(d.ticks.length).toBeGreaterThan(2);
  expect(new Set(d.ticks).size).toBe(d.ticks.length);
});

test('a replay follows its moment when the chart is zoomed in', async ({ page }) => {
  await openApp(page);
  await loadFixture(page, 'join-in-loop');
  const chart = page.getByTestId('timeline-chart');
  await chart.focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('w');
  await page.keyboard.press('Shift+Home');
  const zoomed = await drawn(page);
  const viewEnd = zoomed.scale.start + zoomed.scale.width * zoomed.scale.msPerPx;
  expect(viewEnd).toBeLessThan(zoomed.end / 3);
  // Scrubbed past the view: the view turns the page to it.
  await page.getByTestId('replay-slider').fill(String(Math.round(zoomed.end * 0.6)));
  await expect.poll(async () => (await drawn(page)).replayAt).not.toBeNull();
  const d = await drawn(page);
  expect(d.scale.msPerPx).toBeCloseTo(zoomed.scale.msPerPx, 6); // the zoom is kept
  expect(d.replayAt!).toBeGreaterThan(d.scale.start);
  expect(d.replayAt!).toBeLessThan(d.scale.start + d.scale.width * d.scale.msPerPx);
});

test('the chart’s keys are listed for the help (and its screen-reader description), in the page’s language', async ({
  page,
}) => {
  await openApp(page);
  const keys = page.locator('#tl-keys');
  await expect(keys).toContainText('PageUp, PageDown, the scrollbar: a screenful of rows up or down');
  await expect(keys).toContainText('W, S, +, −, Ctrl/⌘ + wheel: zoom in or out');
  await page.getByTestId('lang').click();
  await expect(keys).toContainText('W、S、+、−、Ctrl/⌘ + 滚轮: 放大或缩小');
});
