// `npm start` gives the same product as the build: the lessons' `Finished` figures under the dev server match
// those of `npm run preview`, measured in one test, runs taken in turn (so the machine's load weighs on both).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { terminalText } from './helpers';

const HOST = '127.0.0.1';
const vite = 'node_modules/.bin/vite';
/**
 * Timed runs per server (after one untimed run each), per lesson; the medians are compared. join-after-loop's
 * ~1.1 s is mostly start-up, whose noise on a loaded machine needs more runs than join-in-loop's ~5 s.
 */
const RUNS: Record<string, number> = { 'join-after-loop': 9, 'join-in-loop': 5 };
/**
 * The start-ups on each lesson's critical path (join after the loop starts its five children at once; join in the
 * loop one after another). The dev server once served each process worker its modules one by one, +0.5–0.9 s per
 * start-up; a difference of 0.15 s per start-up is allowed. A bound in percent of the figure was not: at load ~8
 * the same build's start-ups drift by more than 5% of join-after-loop's ~1.1 s (1.07 in one gate).
 */
const SERIAL_STARTS: Record<string, number> = { 'join-after-loop': 1, 'join-in-loop': 5 };
const PER_START_S = 0.15;
/**
 * The lessons run at speed 10: their sleeps take a tenth of the time (join-in-loop ~0.5 s instead of ~5 s) and still
 * count whole in program time, while the start-ups, which are what could differ, count as the wall time they take
 * (program time is wall time plus what sleeps skipped: a 200-ms busy loop reads 0.200 s at any speed).
 */
const SPEED = 10;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      srv.close(() => done(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** Starts `vite <args>` on a free port in its own process group; resolves once it answers. */
async function startVite(args: string[]): Promise<{ base: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(vite, [...args, '--host', HOST, '--port', String(port), '--strictPort'], {
    stdio: 'ignore',
    detached: true,
  });
  const base = `http://${HOST}:${port}`;
  for (const until = Date.now() + 60_000; ;) {
    try {
      if ((await fetch(`${base}/`)).ok) return { base, proc };
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`vite ${args[0] ?? ''} did not answer on ${base}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function stopVite(proc: ChildProcess | undefined): void {
  try {
    if (proc?.pid && proc.exitCode === null) process.kill(-proc.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

interface Hooks {
  __mpplay: {
    setCode(t: string): void;
    run(): void;
    state(): { status: string; exitCode: number | null };
    typeErrors(): Promise<string[]>;
  };
}

/** Opens the playground on a lesson and waits until everything a page loads is there (Monaco and its TS worker too). */
async function openLesson(browser: Browser, base: string, example: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  page.setDefaultTimeout(180_000);
  await page.goto(`${base}/?example=${example}&speed=${SPEED}`);
  await page.waitForFunction(() => typeof (globalThis as unknown as { __term?: object }).__term === 'object');
  // The dev server serves Monaco as hundreds of modules: let it finish (its TypeScript worker too), so it does not
  // load during the timed runs.
  await page.locator('.monaco-editor').first().waitFor();
  await expect
    .poll(
      () =>
        page.evaluate(() =>
          (globalThis as unknown as Hooks).__mpplay.typeErrors().then(
            () => true,
            () => false,
          ),
        ),
      { timeout: 180_000, intervals: [1000] },
    )
    .toBe(true);
  return page;
}

/** Runs the open program once and returns the seconds it printed as `Finished`. */
async function finished(page: Page): Promise<number> {
  await page.evaluate(() => (globalThis as unknown as Hooks).__mpplay.run());
  await page.waitForFunction(
    () => !/^(idle|compiling|running)$/.test((globalThis as unknown as Hooks).__mpplay.state().status),
    null,
    { polling: 50, timeout: 60_000 },
  );
  expect(await page.evaluate(() => (globalThis as unknown as Hooks).__mpplay.state())).toMatchObject({
    status: 'exited',
    exitCode: 0,
  });
  let m: RegExpExecArray | null = null;
  await expect
    .poll(async () => (m = /Finished ([\d.]+)/.exec(await terminalText(page))) !== null, { timeout: 10_000 })
    .toBe(true);
  return Number(m![1]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

test.describe('npm start and npm run preview', () => {
  test.describe.configure({ timeout: 900_000 });
  let dev: { base: string; proc: ChildProcess } | undefined;
  let preview: { base: string; proc: ChildProcess } | undefined;

  test.beforeAll(async () => {
    // Playwright's web server built dist/ (or found it built) before any test ran.
    expect(existsSync('dist/index.html')).toBe(true);
    [dev, preview] = await Promise.all([startVite([]), startVite(['preview'])]);
  });
  test.afterAll(() => {
    stopVite(dev?.proc);
    stopVite(preview?.proc);
  });

  for (const lesson of ['join-after-loop', 'join-in-loop']) {
    const within = SERIAL_STARTS[lesson]! * PER_START_S;
    test(`${lesson}: the same Finished figures (median difference of ${RUNS[lesson]} pairs, within ${within.toFixed(2)} s)`, async ({
      browser,
    }) => {
      const pages = {
        dev: await openLesson(browser, dev!.base, lesson),
        preview: await openLesson(browser, preview!.base, lesson),
      };
      const figures: Record<keyof typeof pages, number[]> = { dev: [], preview: [] };
      for (const which of ['dev', 'preview'] as const) await finished(pages[which]); // untimed first runs
      for (let i = 0; i < RUNS[lesson]!; i++) {
        // In turn, and each pair in the other order from the last: drift and load weigh on both alike.
        const order = i % 2 === 0 ? (['dev', 'preview'] as const) : (['preview', 'dev'] as const);
        for (const which of order) figures[which].push(await finished(pages[which]));
      }
      // Each pair was taken back to back: its difference carries the servers' difference, not the load's drift.
      const diff = median(figures.dev.map((d, i) => d - figures.preview[i]!));
      const said = `at speed ${SPEED}, dev ${figures.dev.join(', ')} vs preview ${figures.preview.join(', ')}; median difference ${diff.toFixed(3)} s`;
      test.info().annotations.push({ type: 'figures', description: said });
      expect(Math.abs(diff), said).toBeLessThanOrEqual(within);
    });
  }
});
