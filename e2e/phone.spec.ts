// On a phone (390×844) the page reads top to bottom: the lesson, the code, Run, the output, the chart, the processes.
import { expect, test } from '@playwright/test';
import { terminalText, waitForRunEnd } from './helpers';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

test('the lesson and the code lead, then Run, then the output and the chart; the numbers stay whole', async ({
  page,
}) => {
  await page.goto('/?example=orphan&speed=10');
  await expect(page.getByTestId('code-view')).toBeVisible();
  const top = async (sel: string) => (await page.locator(sel).first().boundingBox())!.y;
  const order = [
    '[data-testid="lesson"]',
    '#pane-code',
    '[data-testid="phone-run"]',
    '#pane-terminal',
    '#pane-chart',
    '.procs',
  ];
  const tops = [];
  for (const sel of order) tops.push(await top(sel));
  expect(tops).toEqual([...tops].sort((a, b) => a - b));
  expect(tops[0]).toBeLessThan(844 / 3); // the lesson is on the first screen (it was ~2,400 px down)
  await expect(page.locator('[role="separator"]')).toHaveCount(3);
  for (const s of await page.locator('[role="separator"]').all()) await expect(s).toBeHidden(); // the page scrolls instead
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await page.getByTestId('phone-run-button').click();
  expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 0 });
  await expect.poll(() => terminalText(page)).toContain('MainProcess');
  // The chart's numbers: each on one line (they broke into one word per line).
  const items = page.locator('#pane-chart .tl-summary > *');
  expect(await items.count()).toBeGreaterThan(2);
  for (const item of await items.all()) {
    const h = (await item.boundingBox())!.height;
    expect(h, await item.innerText()).toBeLessThan(26);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
