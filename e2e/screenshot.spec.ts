// Takes the README's screenshot from a real run of a gallery example (it asserts nothing about pixels).
import { copyFileSync, mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { openApp, terminalText, waitForRunEnd } from './helpers';

test.use({ viewport: { width: 1600, height: 900 } });

test('screenshot of a real run for the README', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('join-after-loop');
  await page.getByTestId('toggle-python').click(); // the seed's Python original beside the port
  await expect(page.locator('.monaco-editor')).toHaveCount(2);
  await page.getByTestId('run').click();
  expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 0 });
  await expect.poll(() => terminalText(page)).toContain('Finished');
  mkdirSync('e2e-artifacts', { recursive: true });
  await page.screenshot({ path: 'e2e-artifacts/screenshot.png' });
  // docs/screenshot.png is checked in: refresh it only when asked, so the gate leaves the tree clean.
  if (process.env['UPDATE_SCREENSHOT']) copyFileSync('e2e-artifacts/screenshot.png', 'docs/screenshot.png');
});
