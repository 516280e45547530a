// One definition of each number: the page and the embed show the same figures, named the same, and agree with
// the status line; sleep is not counted as running (parallelism).
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { TraceFile } from '../src/protocol/trace';
import { openApp, terminalText } from './helpers';
import { drawn } from './timelineHelpers';

/** The header's numbers as [test id, shown text]. */
async function figures(page: Page): Promise<[string, string][]> {
  const nums = page.getByTestId('timeline-summary').locator('.tl-num');
  const out: [string, string][] = [];
  for (const n of await nums.all()) out.push([(await n.getAttribute('data-testid'))!, (await n.innerText()).trim()]);
  return out;
}

const load = (page: Page, file: TraceFile) =>
  page.evaluate(
    (f) =>
      (globalThis as unknown as { __mpplay: { timelineLoad(f: unknown): Promise<void> } }).__mpplay.timelineLoad(f),
    file,
  );

test('the page and the embed show the same figures, with the same names, for one run', async ({ page, browser }) => {
  const file = JSON.parse(readFileSync('e2e/fixtures/pool-apply-async-right.trace.json', 'utf8')) as TraceFile;
  await openApp(page);
  await load(page, file);
  await expect(page.getByTestId('summary-programTime')).toBeVisible();
  const onPage = await figures(page);
  expect(onPage.map(([id]) => id)).toEqual(
    expect.arrayContaining([
      'summary-programTime',
      'summary-realTime',
      'summary-running',
      'summary-parallelism',
      'summary-poolTime',
    ]),
  );
  expect(onPage.find(([id]) => id === 'summary-programTime')![1]).toMatch(/^program time \d[\d.]* (s|ms)$/);
  expect(onPage.find(([id]) => id === 'summary-poolTime')![1]).toMatch(
    /^Pool#1: \d+ tasks · pool time .* · tasks at once/,
  );

  const embed = await browser.newPage();
  await embed.goto('/embed.html?example=pool-apply-async-right&panes=chart,terminal');
  await expect(embed.getByTestId('chart-pane')).toBeVisible();
  await expect.poll(() => embed.evaluate(() => typeof (globalThis as any).__mpplay?.timelineLoad)).toBe('function'); // eslint-disable-line @typescript-eslint/no-explicit-any
  await load(embed, file);
  await expect(embed.getByTestId('summary-programTime')).toBeVisible();
  expect(await figures(embed)).toEqual(onPage);
  await embed.close();
});

test('an embed at ×5: the header and the status line give the same program time and real time', async ({ page }) => {
  await page.goto('/embed.html?example=join-after-loop&panes=chart,terminal&speed=5');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'exited', { timeout: 30_000 });
  await expect(page.getByTestId('summary-realTime')).toBeVisible();
  const program = (await page.getByTestId('summary-programTime').getAttribute('data-value'))!;
  const real = (await page.getByTestId('summary-realTime').getAttribute('data-value'))!;
  const status = page.getByTestId('status');
  await expect(status).toContainText(`real time ${real}`);
  await expect(status).toContainText(`program time ${program}`);
  await expect.poll(() => terminalText(page)).toContain(`real time ${real} · program time ${program}`);
  // At ×5 the program's clock ran faster than the wall clock while the children slept.
  const d = await drawn(page);
  expect(d.summary.programMs).toBeGreaterThan(d.summary.realMs!);
});

test('the orphan lesson sleeps: parallelism counts running code only, and the numbers say what they mean', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('orphan');
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'exited', { timeout: 60_000 });
  await expect.poll(async () => (await drawn(page)).live).toBe(false);
  const d = await drawn(page);
  expect(d.summary.sleepingMs).toBeGreaterThan(d.summary.programMs); // two processes asleep most of the time
  expect(d.summary.parallelism).toBeLessThan(0.5);
  await expect(page.getByTestId('summary-parallelism')).toHaveAttribute(
    'data-value',
    d.summary.parallelism.toFixed(2) + '×',
  );
  await expect(page.getByTestId('summary-parallelism')).toHaveAttribute('title', /running ÷ program time/);
  await page.getByTestId('timeline-summary').getByText('what these numbers mean').click();
  await expect(page.getByTestId('summary-meanings')).toContainText('Σ sleeping: program time spent in time.sleep()');
});
