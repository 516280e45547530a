// @ts-check
/* global process, setTimeout, clearTimeout */
// Start-up latency (issue 12.4) and Stop (issue 14.6) for `npm run bench`: start() → a child's first line for
// 1, 5 and 20 processes started at once, in CPython (spawn, forkserver, fork), mpplay on Node and in pages;
// and Stop with a busy loop in 8 processes, as the page sees it and as the CPU does. bench/startup/browser.mjs
// drives Chromium; a driver for another engine passes its own PageDriver (inPage.mjs) to the *InPage functions.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ONE_STOP, RUN_BENCH_PROGRAM } from './inPage.mjs';
import { processesEndMs, sampleThreads } from './threads.mjs';

/** @typedef {import('./inPage.mjs').PageDriver} PageDriver */
/**
 * One host's start-up figures for N processes: `runs` is the ms until every child ran its first line, per round;
 * the first round is what a Run (or a fresh interpreter) sees, the others are warm.
 * @typedef {{ host: string; kind: 'cpython' | 'mpplay'; n: number; runs: number[]; error?: string }} StartupRow
 * @typedef {{ stopAt?: number; stopped: number | null; timeout0: number; frame: number; nextPrint: number | null }} StopSample
 */
/**
 * One host's Stops. `burnMs`: until the whole browser's CPU calms down after a Stop (100-ms windows); `endMs`: until the stopped
 * processes' own threads last used CPU (threads.mjs), where the driver can tell.
 * @typedef {{ host: string; samples: StopSample[]; burnMs: number[]; endMs?: number[]; error?: string }} StopRow
 */

export const STARTUP_NS = [1, 5, 20];
export const ROUNDS = 6;
export const STOPS = 20;
/** How long the page stays idle with the program in its editor before Run (it boots workers meanwhile). */
const IDLE_BEFORE_RUN_MS = 1500;

/** @param {number[]} xs */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? /** @type {number} */ (s[Math.floor((s.length - 1) / 2)]) : NaN;
}

/** The start-up program with its N and ROUNDS set. @param {string} root @param {number} n */
export function startupSource(root, n, rounds = ROUNDS) {
  return readFileSync(join(root, 'bench', 'programs', 'startup.ts'), 'utf8')
    .replace(/^const N = \d+;/m, `const N = ${n};`)
    .replace(/^const ROUNDS = \d+;/m, `const ROUNDS = ${rounds};`);
}

/**
 * Runs a command and resolves with the JSON of its last `BENCH {…}` line.
 * @param {string} cmd @param {string[]} args @param {string} cwd @param {number} timeoutMs
 */
function benchLineOf(cmd, args, cwd, timeoutMs) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (/** @type {string} */ d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (/** @type {string} */ d) => (err += d));
    child.on('error', (e) => done({ error: e.message }));
    child.on('close', (code) => {
      clearTimeout(timer);
      const m = /BENCH (\{.*\})\s*$/m.exec(out);
      if (code === 0 && m) done({ bench: JSON.parse(/** @type {string} */ (m[1])) });
      else done({ error: `exit ${code}: ${(err || out).trim().split('\n').pop()?.slice(0, 160) ?? ''}` });
    });
  });
}

/**
 * CPython's three start methods, each N in a fresh interpreter (bench/startup/startup_py.py).
 * @param {{ root: string; log: (m: string) => void; ns?: number[] }} o
 * @returns {Promise<StartupRow[]>}
 */
export async function startupCPython({ root, log, ns = STARTUP_NS }) {
  /** @type {StartupRow[]} */
  const rows = [];
  for (const method of ['spawn', 'forkserver', 'fork']) {
    for (const n of ns) {
      log(`start-up: CPython ${method}, ${n} at once`);
      const r = /** @type {{ bench?: { runs: number[] }; error?: string }} */ (
        await benchLineOf(
          'python3',
          [
            join(root, 'bench', 'startup', 'startup_py.py'),
            '--method',
            method,
            '--n',
            String(n),
            '--rounds',
            `${ROUNDS}`,
          ],
          root,
          300_000,
        )
      );
      rows.push({
        host: `CPython ${method}`,
        kind: 'cpython',
        n,
        runs: r.bench?.runs ?? [],
        ...(r.error && { error: r.error }),
      });
    }
  }
  return rows;
}

/**
 * mpplay on Node: `mpplay run` of the start-up program, one run per N.
 * @param {{ root: string; tmp: string; log: (m: string) => void; ns?: number[] }} o
 * @returns {Promise<StartupRow[]>}
 */
export async function startupNode({ root, tmp, log, ns = STARTUP_NS }) {
  /** @type {StartupRow[]} */
  const rows = [];
  for (const n of ns) {
    log(`start-up: mpplay on Node, ${n} at once`);
    const file = join(tmp, `startup-${n}.ts`);
    writeFileSync(file, startupSource(root, n));
    const r = /** @type {{ bench?: { runs: number[] }; error?: string }} */ (
      await benchLineOf(process.execPath, [join(root, 'bin', 'mpplay.mjs'), 'run', file], root, 120_000)
    );
    rows.push({
      host: 'mpplay Node',
      kind: 'mpplay',
      n,
      runs: r.bench?.runs ?? [],
      ...(r.error && { error: r.error }),
    });
  }
  return rows;
}

/**
 * mpplay in a page: the start-up program run through the page's hooks, one Run per N.
 * @param {PageDriver} driver
 * @param {{ root: string; log: (m: string) => void; ns?: number[] }} o
 * @returns {Promise<StartupRow[]>}
 */
export async function startupInPage(driver, { root, log, ns = STARTUP_NS }) {
  /** @type {StartupRow[]} */
  const rows = [];
  for (const n of ns) {
    log(`start-up: ${driver.host}, ${n} at once`);
    const arg = { source: startupSource(root, n), idleMs: IDLE_BEFORE_RUN_MS, timeoutMs: 120_000 };
    /** @type {{ bench?: { runs: number[] }; error?: string }} */
    let r;
    try {
      r = await driver.evalAsync(RUN_BENCH_PROGRAM, arg);
    } catch (e) {
      r = { error: /** @type {Error} */ (e).message.split('\n')[0] };
    }
    rows.push({ host: driver.host, kind: 'mpplay', n, runs: r.bench?.runs ?? [], ...(r.error && { error: r.error }) });
  }
  return rows;
}

/** The program Stop is pressed on: a busy loop in 8 processes, each saying so once first. */
export const BUSY_8 = `import { Process } from "multiprocessing";
import * as time from "time";

async function spin(i: number) {
  print("spinning", i);
  await time.sleep(0.01); // the line goes out before the loop takes the thread
  while (true) {}
}

if (__name__ === "__main__") {
  for (let i = 1; i < 8; i++) new Process({ target: spin, args: [i] }).start();
  await spin(0);
}
`;
const HELLO = 'print("hello after stop");\n';

/**
 * Stop in a page, STOPS times: what the page sees, then (where the driver can tell) how long the browser's CPU
 * keeps burning after a Stop (up to 6 s): until it uses less than 0.3 cores over 100 ms.
 * @param {PageDriver} driver
 * @param {{ log: (m: string) => void; stops?: number; burns?: number }} o
 * @returns {Promise<StopRow>}
 */
export async function stopInPage(driver, { log, stops = STOPS, burns = STOPS }) {
  /** @type {StopRow} */
  const row = { host: driver.host, samples: [], burnMs: [] };
  const arg = {
    busy: BUSY_8,
    marker: 'spinning',
    procs: 8,
    hello: HELLO,
    helloMarker: 'hello after stop',
    timeoutMs: 60_000,
  };
  try {
    log(`Stop: ${driver.host}, ${stops} Stops of a busy loop in 8 processes`);
    for (let i = 0; i < stops; i++) {
      const s = await driver.evalAsync(ONE_STOP, { ...arg, thenRun: true });
      if (s.error) throw new Error(s.error);
      row.samples.push(s);
      await settle(driver);
    }
    if (driver.cpuSeconds && driver.cpuSeconds() !== null) {
      log(`Stop: ${driver.host}, how long the CPU burns after ${burns} Stops`);
      for (let i = 0; i < burns; i++) {
        const threads = driver.workerCpu ? sampleThreads(driver.workerCpu) : null;
        const s = await driver.evalAsync(ONE_STOP, { ...arg, thenRun: false });
        if (s.error) throw new Error(s.error);
        row.burnMs.push(await burnAfter(/** @type {() => number} */ (driver.cpuSeconds)));
        const end = threads ? processesEndMs(threads.stop(), s.stopAt) : null;
        if (end !== null) (row.endMs ??= []).push(end);
      }
    }
  } catch (e) {
    row.error = /** @type {Error} */ (e).message.split('\n')[0];
  }
  return row;
}

/** Waits for the terminated workers' CPU to stop (Chromium lets a busy one run ~2 s), so each Stop starts alike. @param {PageDriver} driver */
async function settle(driver) {
  if (driver.cpuSeconds && driver.cpuSeconds() !== null)
    await burnAfter(/** @type {() => number} */ (driver.cpuSeconds));
  else await new Promise((r) => setTimeout(r, 2500));
}

/** ms until the browser uses less than 0.3 cores over 100 ms (at most 6 s). @param {() => number} cpu */
async function burnAfter(cpu) {
  const t0 = Date.now();
  let [last, lastT] = [cpu(), t0];
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const [c, t] = [cpu(), Date.now()];
    if ((c - last) / ((t - lastT) / 1000) < 0.3) return Math.max(0, t - 100 - t0);
    if (t - t0 > 6000) return 6000;
    [last, lastT] = [c, t];
  }
}

export { startupMarkdown, stopMarkdown } from './report.mjs';
