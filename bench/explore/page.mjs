// @ts-check
/* global performance */
// Controlled runs in Chromium (issue 16.6): the page's own Explore… dialog on the lock-counter without its lock
// (4 processes × 200 increments), searched until a deadlock that never comes, so every run is done; runs per second
// from the click on Start to the dialog's verdict, after a warm-up search that boots the explorer's workers.
import { lockCounterSource } from './program.mjs';

/** @typedef {{ runs: number; ms: number; runsPerS: number; isolated: boolean; verdict: string }} PageExploreRate */

/**
 * @param {import('playwright-core').Page} page the playground, open and ready (an isolated page: Value points count)
 * @param {number} runs the timed search's runs
 * @returns {Promise<PageExploreRate>}
 */
export async function measureExploreInPage(page, runs) {
  const isolated = await page.evaluate(() => globalThis.crossOriginIsolated === true);
  await page.evaluate((code) => /** @type {any} */ (globalThis).__mpplay.setCode(code), lockCounterSource(4, 200));
  await page.getByTestId('explore').click();
  await page.getByTestId('explore-dialog').waitFor({ state: 'visible' });
  await page.getByTestId('explore-strategy').selectOption('random');
  await page.getByTestId('explore-until').selectOption('deadlock');
  const search = async (/** @type {number} */ n) => {
    await page.getByTestId('explore-runs').fill(String(n));
    const before = await page.$('[data-testid="explore-status"]'); // the last search's verdict, replaced on Start
    const t = performance.now();
    await page.getByTestId('explore-start').click();
    if (before) await page.waitForFunction((el) => !el.isConnected, before, { timeout: 60_000 });
    const status = page.locator('[data-testid="explore-status"][data-phase="done"]');
    await status.waitFor({ state: 'attached', timeout: 300_000 });
    const ms = performance.now() - t;
    return { ms, verdict: ((await status.textContent()) ?? '').trim() };
  };
  await search(5);
  const { ms, verdict } = await search(runs);
  await page.keyboard.press('Escape');
  return { runs, ms, runsPerS: (runs * 1000) / ms, isolated, verdict };
}
