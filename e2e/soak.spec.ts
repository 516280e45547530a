// Soak (issue 14.7): gallery examples run again and again in one page give back what they took. After a warm-up
// pass, the page's JS heap (after a forced GC) returns near its baseline and the page has as many workers as
// before. The gate runs a short form; `npm run soak` runs every example 20 times (MPPLAY_SOAK=full).
import { type CDPSession, expect, type Page, test } from '@playwright/test';
import { appState, openApp, terminalText } from './helpers';

const FULL = process.env['MPPLAY_SOAK'] === 'full';
/** The short form: quick examples of processes, daemons, pools and pipes (the gate's budget is ~60 s for it). */
const SHORT = ['join-after-loop', 'daemon', 'pool-apply-async-right', 'pipe-ping-pong'];
/** Passes after the warm-up (MPPLAY_SOAK_PASSES overrides, e.g. for a quicker look at every example). */
const PASSES = Number(process.env['MPPLAY_SOAK_PASSES']) || (FULL ? 20 : 2);
/** The heap after may be this much larger than the baseline (a relation: caches that grow by steps, jit code). */
const HEAP_FACTOR = 1.5;
const HEAP_SLACK = 8 * 1024 * 1024;

interface Hooks {
  __mpplay: { examples(): { id: string }[] };
}

/** The page's JS heap in use after a full GC (CDP HeapProfiler.collectGarbage, then Performance.getMetrics). */
async function heapAfterGc(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
  if (used === undefined) throw new Error('Performance.getMetrics gave no JSHeapUsedSize');
  return used;
}

/** Workers alive in the page now (Playwright tracks their creation and end). */
const workerCount = (page: Page): number => page.workers().length;

async function runExample(page: Page, id: string): Promise<void> {
  await page.getByTestId('example-picker').selectOption(id);
  await page.getByTestId('run').click();
  // Polled often: the default intervals grow to a second, which would add up over many short runs.
  await expect
    .poll(async () => (await appState(page)).status, { timeout: 120_000, intervals: [50, 100] })
    .not.toMatch(/^(idle|compiling|running)$/);
  const end = await appState(page);
  expect(end.status, `${id}: ${await terminalText(page)}`).toBe('exited');
}

test(`soak: ${FULL ? 'every gallery example' : 'a handful of examples'} ${PASSES}× in one page leaks neither heap nor workers`, async ({
  page,
}) => {
  const all = await (async () => {
    await openApp(page);
    return page.evaluate(() => (globalThis as unknown as Hooks).__mpplay.examples().map((e) => e.id));
  })();
  const ids = FULL ? all : SHORT;
  for (const id of ids) expect(all, id).toContain(id);
  test.setTimeout((PASSES + 1) * ids.length * 60_000);
  await page.getByTestId('speed').selectOption('10'); // the page's highest speed: sleeps 10× shorter
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');

  // Warm-up: every example once, so that what a page loads once (the compiler, fonts, the stock of workers)
  // is in the baseline. The last example run is the same before and after, so the kept trace is too.
  for (const id of ids) await runExample(page, id);
  const heapBefore = await heapAfterGc(cdp);
  const workersBefore = workerCount(page);
  expect(workersBefore).toBeGreaterThan(0);

  for (let pass = 0; pass < PASSES; pass++) {
    for (const id of ids) await test.step(`pass ${pass + 1}: ${id}`, () => runExample(page, id));
  }

  // Workers the page keeps between runs (its stock, the next kernel) are booted in the background: wait for them.
  await expect.poll(() => workerCount(page), { timeout: 20_000, intervals: [100] }).toBe(workersBefore);
  const heapAfter = await heapAfterGc(cdp);
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;
  test.info().annotations.push({
    type: 'soak',
    description: `${ids.length} examples × ${PASSES}: heap ${mb(heapBefore)} → ${mb(heapAfter)}, workers ${workersBefore}`,
  });
  expect(heapAfter, `heap ${mb(heapBefore)} → ${mb(heapAfter)}`).toBeLessThanOrEqual(
    heapBefore * HEAP_FACTOR + HEAP_SLACK,
  );
});
