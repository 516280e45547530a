#!/usr/bin/env node
// @ts-check
/* global process, console */
// The start-up and Stop benchmarks in headless Chromium (the built page, isolated by `vite preview` and not by a
// plain static server), plus CPython and Node: `measureStartupAndStop()` for bench/run.mjs, or on its own:
// `node bench/startup/browser.mjs [--dist DIR] [--no-stop]` prints the two tables (build first: npm run build).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, root, startPreview, staticServer } from '../local.mjs';
import { startupCPython, startupInPage, startupNode, startupMarkdown, stopInPage, stopMarkdown } from './index.mjs';
import { descendantPids, workerThreadCpu } from './threads.mjs';

/** @typedef {import('./inPage.mjs').PageDriver} PageDriver */

/** This process's descendants whose name says Chromium: the browser's processes. */
const chromiumPids = () => descendantPids(/chrom|headless/i);

/** CPU seconds used so far by the browser's processes (all of them). */
export function browserCpuSeconds() {
  let total = 0;
  for (const pid of chromiumPids()) {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
      total += (Number(rest[11]) + Number(rest[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/**
 * A Playwright page of the playground as a PageDriver.
 * @param {import('playwright-core').Browser} browser @param {string} url @param {string} host
 * @returns {Promise<{ driver: PageDriver; close: () => Promise<void> }>}
 */
async function openDriver(browser, url, host) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000);
  await page.goto(url);
  await page.waitForFunction(() => typeof (/** @type {any} */ (globalThis).__term) === 'object');
  const isolated = await page.evaluate(() => globalThis.crossOriginIsolated === true);
  const pids = chromiumPids(); // the page's renderer among them, now that it is loaded
  /** @type {PageDriver} */
  const driver = {
    host: `${host}${isolated ? '' : ' (reported not isolated)'}`,
    evalAsync: (fn, arg) => page.evaluate(`(${fn})(${JSON.stringify(arg)})`),
    cpuSeconds: browserCpuSeconds,
    workerCpu: () => workerThreadCpu(pids),
  };
  return { driver, close: () => context.close() };
}

/**
 * @param {{ dist: string; tmp: string; log: (m: string) => void; python?: boolean; node?: boolean;
 *   browser?: boolean; stop?: boolean; onCleanup?: (fn: () => void) => void }} o
 *   `onCleanup`: given, the servers and the browser are also ended by the caller's cleanup (a Ctrl-C meanwhile)
 */
export async function measureStartupAndStop({
  dist,
  tmp,
  log,
  python = true,
  node = true,
  browser = true,
  stop = true,
  onCleanup,
}) {
  /** @type {import('./index.mjs').StartupRow[]} */
  const startup = [];
  /** @type {import('./index.mjs').StopRow[]} */
  const stops = [];
  if (python) startup.push(...(await startupCPython({ root, log })));
  if (node) startup.push(...(await startupNode({ root, tmp, log })));
  if (!browser) return { startup, stops, chromium: null };
  const preview = await startPreview({ dir: dist });
  onCleanup?.(preview.stop);
  /** @type {{ base: string; close: () => void } | null} */
  let plain = null;
  /** @type {import('playwright-core').Browser | null} */
  let chromium = null;
  try {
    plain = await staticServer(dist);
    onCleanup?.(plain.close);
    const launched = await launchChromium(onCleanup);
    chromium = launched.browser;
    for (const [url, host] of [
      [`${preview.base}/`, 'mpplay Chromium, isolated'],
      [`${plain.base}/`, 'mpplay Chromium, not isolated'],
    ]) {
      const { driver, close } = await openDriver(chromium, /** @type {string} */ (url), /** @type {string} */ (host));
      try {
        startup.push(...(await startupInPage(driver, { root, log })));
        if (stop) stops.push(await stopInPage(driver, { log }));
      } finally {
        await close();
      }
    }
    return { startup, stops, chromium: launched.version };
  } finally {
    await chromium?.close().catch(() => {});
    plain?.close();
    preview.stop();
  }
}

/** The report's section for both tables. @param {Awaited<ReturnType<typeof measureStartupAndStop>>} r */
export function startupAndStopSection(r) {
  const lines = [
    '## Start-up latency (issue 12.4)',
    '',
    'N processes started at once (`bench/programs/startup.ts`; CPython: `bench/startup/startup_py.py`): ms from',
    'just before the first `start()` until every child has run its first line (a timestamp it puts on a Queue). Each',
    'cell is **first · warm**: the first round of a fresh program run (in a page: a Run, with the program in the',
    'editor for 1.5 s before, while the page boots workers for it; in CPython: a fresh interpreter, so a forkserver',
    'starts its server), then the median of the 5 later rounds (0.3 s apart). Target: warm no slower than CPython',
    "`forkserver`'s, aiming at `fork`'s.",
    '',
    startupMarkdown(r.startup),
    '',
  ];
  if (r.stops.length) {
    lines.push(
      '## Stop (issue 14.6)',
      '',
      'Stop pressed on a busy loop in 8 processes (MainProcess and 7 children), 20 times; medians of ms after the',
      "page's `stop()`: its status reads stopped, a `setTimeout(0)` and the next animation frame run (the main",
      'thread is free), and a new Run (`print`) shows its first line. Then, 20 more Stops without a new Run: when the',
      'stopped processes last used CPU (the worker threads that were busy before Stop, sampled per thread from /proc',
      'every 10 ms: Chromium lets a terminated busy worker run on), and, beside it, how long the whole browser keeps',
      'using more than 0.3 cores, read in 100-ms windows (it also counts what the page does for itself after Stop:',
      'redraws, garbage collection, workers booted for the next Run). Target: ≤ 100 ms for the status, the main',
      "thread and the processes' end; the next Run is shown beside them but is a start-up figure (a fresh kernel,",
      'the compile, a spawn). Where the page shares memory, every loop of user code tests a stop cell the page sets',
      'before ending the worker (src/compile/loopGuards.ts), so a busy loop parks at once; a page without shared',
      'memory has no such brake.',
      '',
      stopMarkdown(r.stops),
      '',
    );
  }
  return lines;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const args = process.argv.slice(2);
  const di = args.indexOf('--dist');
  const dist = resolve(di >= 0 ? /** @type {string} */ (args[di + 1]) : join(root, 'dist'));
  if (!existsSync(join(dist, 'index.html'))) {
    console.error(`bench/startup: ${dist} has no build: run npm run build first (or pass --dist DIR)`);
    process.exit(2);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'mpplay-startup-'));
  try {
    const r = await measureStartupAndStop({
      dist,
      tmp,
      log: (m) => console.error(`bench: ${m}`),
      python: !args.includes('--skip-python'),
      node: !args.includes('--skip-node'),
      stop: !args.includes('--no-stop'),
    });
    console.log(startupAndStopSection(r).join('\n'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
