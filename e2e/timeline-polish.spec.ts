// Chart polish: an empty chart shows nothing moving and says how to start; in 中文 the chart, its tooltips, its
// legend and its exports speak Chinese.
import { expect, test, type Page } from '@playwright/test';
import { openApp } from './helpers';
import { drawn, loadFixture } from './timelineHelpers';

const frames = (page: Page) =>
  page.evaluate(() =>
    (globalThis as unknown as { __mpplay: { timelineFrames(reset?: boolean): number[] } }).__mpplay.timelineFrames(
      true,
    ),
  );

const svg = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { __mpplay: { timelineSvg(): string } }).__mpplay.timelineSvg());

test('before any run: nothing moves on the chart, and it says how to start', async ({ page }) => {
  await openApp(page);
  await expect
    .poll(async () => (await drawn(page)).empty)
    .toBe('Nothing has run yet. Press Run: each process becomes a row here, live.');
  const first = await drawn(page);
  expect(first).toMatchObject({ live: false, end: 0, ticks: [], rows: [] });
  await frames(page);
  await page.waitForTimeout(1500);
  // No frame was drawn in 1.5 s (no growing axis, no moving playhead), and the view did not change.
  expect(await frames(page)).toEqual([]);
  expect((await drawn(page)).scale).toEqual(first.scale);
  await page.getByTestId('lang').click();
  await expect
    .poll(async () => (await drawn(page)).empty)
    .toBe('还没有运行。按运行: 每个进程在这里成为一行, 实时更新。');
});

test('in 中文 the chart draws, says and exports Chinese: bars, marks, labels, legend, tooltips, numbers', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('lang').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await loadFixture(page, 'lost-items');
  await expect(page.getByTestId('timeline-summary')).toContainText('程序时间');
  const doc = await svg(page);
  for (const zh of [
    '僵尸: 已退出, 还没被 join',
    '3 项没人取走',
    '进程',
    '运行: 正在执行代码',
    '队列长度',
    '程序时间',
    '并行度',
  ])
    expect(doc, zh).toContain(zh);
  for (const en of ['zombie: exited, not yet joined', 'never taken', 'printed line', 'program time', 'depth', 'max '])
    expect(doc, en).not.toContain(en);
  // A tooltip: the zombie's bar.
  const d = await drawn(page);
  const c = d.rows.find((r) => r.name === 'C')!;
  const z = c.spans.find((s) => s.state === 'zombie')!;
  const box = (await page.getByTestId('timeline-chart').boundingBox())!;
  await page.mouse.move(box.x + (z.x0 + z.x1) / 2, box.y + 24 + c.y + 14);
  await expect(page.locator('.tl-tip strong')).toHaveText('僵尸: 已退出, 还没被 join');
  // The legend under the chart, and the buttons.
  await expect(page.getByTestId('timeline-legend')).toContainText('放入 → 取走的项');
  await expect(page.getByRole('button', { name: '打开跟踪文件…' })).toBeVisible();
});

test('a file that is not a trace is refused with a visible message', async ({ page }) => {
  await openApp(page);
  const input = page.locator('.timeline input[type=file]');
  await input.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"a": 1}') });
  await expect(page.getByTestId('timeline-open-error')).toHaveText(
    /^notes\.json: this is not a trace written by mpplay/,
  );
  await input.setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
  await expect(page.getByTestId('timeline-open-error')).toContainText('x.json');
});
