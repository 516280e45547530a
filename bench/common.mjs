// @ts-check
/* global process, console, setTimeout, clearTimeout */
// What every part of `npm run bench` shares: progress lines, running a command to its end,
// waiting for a quiet machine, and the benchmark programs' sources.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { root } from './local.mjs';
import { leanHost } from './overhead.mjs';

/** @typedef {import('./table.mjs').ShapeKey} ShapeKey */

export const TRANSPORT_RT = 10_000;
/**
 * Full-trace and lifecycle runs taken in turn for the recorder's overhead on the queue shapes (issue 5): at
 * least 9 pairs, since single runs in Chromium swing by ±15% on this machine (5 pairs still moved the median
 * by ±8%). @param {number} runs
 */
export const overheadPairs = (runs) => Math.max(9, runs);

/** The Node row run with `mpplay run --trace-level lifecycle`: no trace event per item put, taken or sent. */
export const NODE_NO_ITEM_TRACE = leanHost('mpplay Node');
/** How long one benchmark program (a warm-up and --runs timed runs) may take before it counts as hung. */
export const PROGRAM_TIMEOUT_MS = 90_000;
export const COI_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

const t0 = Date.now();
/** Progress on stderr, with the seconds since the start. @param {string} msg */
export function log(msg) {
  console.error(`bench [${String(Math.round((Date.now() - t0) / 1000)).padStart(3)} s]: ${msg}`);
}

/**
 * Runs a command to completion, capturing its output; `onLine` sees stdout lines as they come.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ timeoutMs: number; onLine?: (line: string) => void; env?: NodeJS.ProcessEnv }} opts
 * @returns {Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean; error?: string }>}
 */
export function capture(cmd, args, { timeoutMs, onLine, env }) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    let partial = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (/** @type {string} */ d) => {
      stdout += d;
      if (!onLine) return;
      partial += d;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) onLine(l);
    });
    child.stderr.setEncoding('utf8').on('data', (/** @type {string} */ d) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      done({ code: null, stdout, stderr, timedOut, error: e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (onLine && partial) onLine(partial);
      done({ code, stdout, stderr, timedOut });
    });
  });
}

/** Machine-wide busy CPU seconds so far (user+nice+system+irq+softirq, /proc/stat), or null off Linux. */
function machineBusySeconds() {
  const line = readText('/proc/stat')?.split('\n')[0];
  if (!line?.startsWith('cpu ')) return null;
  const v = line.split(/\s+/).slice(1).map(Number);
  return ((v[0] ?? 0) + (v[1] ?? 0) + (v[2] ?? 0) + (v[5] ?? 0) + (v[6] ?? 0)) / 100; // USER_HZ is 100 on Linux
}

/** What the quiet-waits before the mpplay programs found: how many found the machine quiet. */
export const quietLog = { waits: 0, quiet: 0 };

/**
 * Like bench_mp.py's wait_quiet: waits (up to `maxMs`) until the machine used less than `limit` cores over a
 * second, so each mpplay program starts on a machine as quiet as CPython's runs did.
 * @param {number} [maxMs]
 * @param {number} [limit]
 */
export async function waitQuiet(maxMs = 3000, limit = 0.2) {
  const until = Date.now() + maxMs;
  quietLog.waits++;
  for (;;) {
    const a = machineBusySeconds();
    if (a === null) return;
    await new Promise((r) => setTimeout(r, 1000));
    const used = /** @type {number} */ (machineBusySeconds()) - a;
    if (used < limit) {
      quietLog.quiet++;
      return;
    }
    if (Date.now() > until) return;
  }
}

/** A file's text, or null when it cannot be read. @param {string} path */
export function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The last non-empty line of some output, for error cells. @param {string} text */
export function lastLine(text) {
  return (
    text
      .trim()
      .split('\n')
      .filter((l) => l.trim())
      .pop()
      ?.trim()
      .slice(0, 160) ?? ''
  );
}

/** A benchmark program's source with its RUNS constant set. @param {ShapeKey} shape @param {number} runs */
export function programSource(shape, runs) {
  const src = readFileSync(join(root, 'bench', 'programs', `${shape}.ts`), 'utf8');
  const out = src.replace(/^const RUNS = \d+;/m, `const RUNS = ${runs};`);
  if (out === src && runs !== 3) throw new Error(`bench/programs/${shape}.ts has no \`const RUNS = n;\` line`);
  return out;
}

/**
 * Settles like `promise`, or rejects after `ms` (the work itself goes on; the caller cleans it up).
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @param {string} what
 * @returns {Promise<T>}
 */
export function withTimeout(promise, ms, what) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const late = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, late])).finally(() => clearTimeout(timer));
}

/** @param {string} cmd @param {string[]} args */
export function versionOf(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout || r.stderr).trim() : null;
}

export function loadavg() {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
}
