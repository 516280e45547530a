// Pixel baselines of the chart element, drawn from committed traces (not live runs) so the pixels never race.
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';
import { drawn, loadFixture } from './timelineHelpers';

test.use({
  viewport: { width: 1400, height: 860 },
  colorScheme: 'light',
  reducedMotion: 'reduce',
  deviceScaleFactor: 1,
});

for (const name of ['join-in-loop', 'join-after-loop', 'queue-sentinel', 'pool-apply-async-right', 'lost-items']) {
  test(`the chart of ${name} matches its baseline`, async ({ page }) => {
    await openApp(page);
    await page.getByTestId('theme').selectOption('light');
    // The panel's own size, whatever the page around it does (its grid belongs to other features).
    await page.addStyleTag({
      content: '.timeline { position: fixed; left: 0; top: 0; width: 1100px; height: 470px; z-index: 50; }',
    });
    await loadFixture(page, name);
    await expect.poll(async () => (await drawn(page)).theme).toBe('light');
    await page.mouse.move(0, 0); // no crosshair, no tooltip
    await expect(page.getByTestId('timeline-chart')).toHaveScreenshot(`${name}.png`, { maxDiffPixelRatio: 0.002 });
  });
}
