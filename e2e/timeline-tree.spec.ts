// Process-tree rows: an orphan under its first parent until the adoption, no kernel row after a deadlock, labels that fit.
import { expect, test } from '@playwright/test';
import { openApp, waitForRunEnd } from './helpers';
import { drawn, drawnRun, loadFixture, runExample } from './timelineHelpers';

test('the orphan stays under its parent; its adoption by init is marked at the moment its parent ended', async ({
  page,
}) => {
  await openApp(page);
  const d = await runExample(page, 'orphan', 3);
  const parent = d.rows.find((r) => r.name === 'Process-1')!;
  const orphan = d.rows.find((r) => r.name === 'Process-1:1')!;
  expect(orphan).toMatchObject({ parent: parent.key, depth: 2 });
  expect(d.rows.indexOf(orphan)).toBe(d.rows.indexOf(parent) + 1);
  const parentExit = parent.markers.find((m) => m.kind === 'exit')!;
  expect(orphan.adopted).toMatchObject({ from: parent.pid, by: 1 });
  expect(orphan.adopted!.at).toBeGreaterThanOrEqual(parentExit.at);
  const init = d.rows[0]!;
  expect(init).toMatchObject({ pid: 1, name: 'init' });
  expect(init.markers).toEqual([
    expect.objectContaining({ kind: 'adopted', at: orphan.adopted!.at, from: orphan.pid }),
  ]);

  // Scrubbed back before the adoption: no init yet, the orphan under its living parent.
  await page.getByTestId('replay-slider').fill(String(Math.round(orphan.adopted!.at - 500)));
  await expect.poll(async () => (await drawn(page)).replayAt).not.toBeNull();
  const before = await drawn(page);
  expect(before.rows.map((r) => r.name)).not.toContain('init');
  expect(before.rows.find((r) => r.name === 'Process-1:1')).toMatchObject({ depth: 2, adopted: null });
});

test('after a deadlock: no "pid 0" row, and the daemons stay under their parent', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('joinable-queue-hang');
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('run').click();
  const end = await waitForRunEnd(page, 60_000);
  expect(end.reason).toBe('deadlock');
  const d = await drawnRun(page, 2);
  expect(d.rows.filter((r) => r.pid === 0 || r.name === 'pid 0')).toEqual([]);
  expect(d.rows.map((r) => r.name)).not.toContain('init');
  const daemons = d.rows.filter((r) => r.kind === 'process' && r.label.endsWith('·d'));
  expect(daemons.length).toBeGreaterThan(0);
  for (const r of daemons) expect(r).toMatchObject({ depth: 1, parent: 'p1000', adopted: null });
  // The process table says the same: killed with their parent, the daemons were never adopted by init.
  const rows = page.getByTestId('process-table').locator('tbody tr');
  const daemonRows = rows.filter({ has: page.locator('td.name .tag') });
  await expect(daemonRows).toHaveCount(daemons.length);
  for (const r of await daemonRows.all()) await expect(r.locator('td').nth(1)).toHaveText('1000');
});

test('labels fit: the column is as wide as the longest name, can be narrowed (names cut, whole in the tooltip) and fitted again', async ({
  page,
}) => {
  await openApp(page);
  await page.evaluate(() => localStorage.removeItem('mpplay.chart.labelWidth'));
  await loadFixture(page, 'pool-apply-async-right');
  let d = await drawn(page);
  const worker = d.rows.find((r) => r.label.includes('SpawnPoolWorker'))!;
  for (const r of d.rows) expect(r.shown, r.label).toBe(r.label);
  const wide = d.gutter;

  // Narrower by the keyboard on the column's edge: names are cut with an ellipsis…
  const edge = page.getByTestId('timeline-resize');
  await edge.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await drawn(page)).gutter).toBeLessThan(wide - 60);
  d = await drawn(page);
  const cut = d.rows.find((r) => r.key === worker.key)!;
  expect(cut.shown).toMatch(/…$/);
  expect(worker.label.startsWith(cut.shown.slice(0, -1))).toBe(true);
  // …and whole in the tooltip of the label.
  const box = (await page.getByTestId('timeline-chart').boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + 24 + cut.y + 14);
  await expect(page.locator('.tl-tip strong')).toHaveText(worker.label.replace(/ ·d$/, '')); // `·d`: "daemon" there
  await expect(page.locator('.tl-tip')).toContainText('daemon');
  // The width is remembered; a double-click on the edge fits the names again.
  expect(Number(await page.evaluate(() => localStorage.getItem('mpplay.chart.labelWidth')))).toBe(d.gutter);
  await edge.dblclick();
  await expect.poll(async () => (await drawn(page)).gutter).toBe(wide);
  d = await drawn(page);
  for (const r of d.rows) expect(r.shown, r.label).toBe(r.label);

  // Dragging the edge works too.
  const handle = (await edge.boundingBox())!;
  await page.mouse.move(handle.x + 3, handle.y + 40);
  await page.mouse.down();
  await page.mouse.move(handle.x + 3 + 80, handle.y + 40, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => (await drawn(page)).gutter).toBeGreaterThan(wide + 60);
});
