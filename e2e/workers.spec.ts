// The browser host's wiring: the page creates every worker (none creates workers), and a run that cannot start
// ends with a clear message instead of sitting in "running".
import { expect, test, type Page } from '@playwright/test';
import { openApp, terminalText, waitForRunEnd } from './helpers';

/** Counts the workers the page's own scripts construct (wrapping `Worker` before any of them runs). */
async function countPageWorkers(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = globalThis.Worker;
    const g = globalThis as unknown as { __pageWorkers: number };
    g.__pageWorkers = 0;
    globalThis.Worker = class extends Native {
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        g.__pageWorkers++;
      }
    };
  });
}

test('the page creates the kernel worker and every process worker itself: no worker creates workers', async ({
  page,
}) => {
  await countPageWorkers(page);
  const seen: string[] = [];
  page.on('worker', (w) => seen.push(w.url()));
  await page.goto('/?example=join-after-loop&speed=10');
  await openApp(page);
  await page.getByTestId('run').click();
  expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 0 });
  const text = await terminalText(page);
  for (let i = 0; i < 5; i++) expect(text).toContain(`Child process ${i}`);
  // Every worker the browser started (the kernel, MainProcess and five children, spares, Monaco's) is one the
  // page constructed: a worker creating a worker would be seen by the browser and not counted by the page.
  // (The browser reports a new worker a moment after the page made it: spares booted after the run, say.)
  const byPage = () => page.evaluate(() => (globalThis as unknown as { __pageWorkers: number }).__pageWorkers);
  expect(seen.length).toBeGreaterThanOrEqual(7);
  await expect.poll(async () => seen.length - (await byPage())).toBe(0);
});

/**
 * Replaces one worker's source in the module the page starts workers from (src/tooling/workerBundles.ts); the
 * other comes from the real module, fetched again under another address.
 */
async function replaceWorkerSource(page: Page, which: 'kernel' | 'process', source: string): Promise<void> {
  const other = which === 'kernel' ? 'process' : 'kernel';
  await page.route(/\/worker-sources[^/]*\.js$/, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/javascript',
      body: `export { ${other} } from ${JSON.stringify(`${route.request().url()}?real`)};\nexport const ${which} = ${JSON.stringify(source)};\n`,
    }),
  );
}

test('a process worker that fails as it loads ends its process with a clear error, and the run ends', async ({
  page,
}) => {
  await replaceWorkerSource(page, 'process', 'throw new Error("broken on purpose");');
  await openApp(page);
  await page.evaluate(() =>
    (globalThis as unknown as { __mpplay: { setCode(t: string): void } }).__mpplay.setCode('print("never")\n'),
  );
  await page.getByTestId('run').click();
  expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 1 });
  await expect.poll(() => terminalText(page)).toContain('a process worker failed');
  const text = await terminalText(page);
  expect(text).toContain('broken on purpose');
  expect(text).not.toContain('never');
});

test('a kernel worker that never answers ends the run with a message that says so, not "running"', async ({ page }) => {
  // The kernel worker's script loads but never says a word.
  await replaceWorkerSource(page, 'kernel', 'self.onmessage = () => {};');
  await openApp(page);
  await page.getByTestId('run').click();
  const end = await waitForRunEnd(page, 30_000);
  expect(end.status).toBe('error');
  await expect.poll(() => terminalText(page)).toContain('the kernel worker did not load within 10 s');
});

test('worker scripts that cannot be loaded at all end the run with a message that says so', async ({ page }) => {
  await page.route(/\/worker-sources[^/]*\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await openApp(page);
  await page.getByTestId('run').click();
  const end = await waitForRunEnd(page, 30_000);
  expect(end.status).toBe('error');
  await expect.poll(() => terminalText(page)).toContain("mpplay's worker scripts could not be loaded");
});

test('the full page boots a kernel and workers ahead; an embed only once the reader reaches for it', async ({
  page,
}) => {
  const started: string[] = [];
  page.on('worker', (w) => started.push(w.url()));
  await page.goto('/embed.html?example=join-after-loop&panes=code,terminal');
  await expect(page.getByTestId('run')).toBeVisible();
  await page.waitForTimeout(2500); // the page is idle: nothing boots for a reader who only reads
  expect(started).toEqual([]);
  await page.mouse.move(50, 50);
  await page.mouse.move(80, 60); // the reader reaches for it: the kernel and the program's workers boot
  await expect.poll(() => started.length).toBeGreaterThanOrEqual(1 + 6);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('status')).toContainText('exit code 0', { timeout: 30_000 });

  const full: string[] = [];
  page.on('worker', (w) => full.push(w.url()));
  await page.goto('/?example=join-after-loop');
  // With no input at all: the kernel and a worker for each of the program's six processes (Monaco's two aside).
  await expect
    .poll(() => full.filter((u) => u.startsWith('blob:')).length, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(1 + 6);
});
