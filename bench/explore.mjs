#!/usr/bin/env node
// @ts-check
/* global process, console */
// Controlled runs (issue 16.6): explore's runs per second on the lock-counter without its lock (4 processes × 200
// increments, 1,600 shared-memory points a run), the cost of one point against the bare SharedArrayBuffer +
// Atomics round trip measured in the same process, and an exhaustive search of 2 processes × 2 increments.
// `node bench/explore.mjs [--runs N] [--json]`; bench/run.mjs imports measureExplore() and exploreMarkdown().
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { cacheDir, root } from './local.mjs';

/** The issue's bars. */
export const TARGETS = { runsPerS: 10, pointOverBareRt: 3, dfsMs: 1000 };

/**
 * @typedef {{ ms: number; runsPerS: number; points: number; switches: number }} Rate
 * @typedef {{ bareAtomicsRtUs: number | null; emptyMs: number; random: Rate; pct: Rate;
 *   dfs: { ms: number; runs: number; schedules: number; model: number } }} ExploreResult
 */

/** Bundles the Node entry (TypeScript sources) into the cache and runs it; resolves with its figures. */
export async function measureExplore(runs = 20) {
  const out = join(cacheDir, 'explore');
  mkdirSync(out, { recursive: true });
  // The entry and the process worker, bundled from the sources as the CLI's are (scripts/nodeBundle.mjs).
  const r = await build({
    absWorkingDir: root,
    entryPoints: { entry: 'bench/explore/nodeEntry.ts', processWorker: 'src/hosts/node/processWorker.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: out,
    outExtension: { '.js': '.mjs' },
    write: false,
    logLevel: 'error',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  for (const file of r.outputFiles) writeFileSync(file.path, file.contents);
  const entry = join(out, 'entry.mjs');
  const worker = pathToFileURL(join(out, 'processWorker.mjs'));
  const pair = pathToFileURL(join(root, 'bench', 'transport', 'pairWorker.mjs'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, worker.href, pair.href, String(runs)], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH '));
      if (code !== 0 || !line) reject(new Error(`explore bench failed (${code}): ${stderr.trim().split('\n').pop()}`));
      else resolve(/** @type {ExploreResult} */ (JSON.parse(line.slice(6))));
    });
  });
}

/** @param {number} x @param {number} [d] */
const f = (x, d = 1) => x.toFixed(d);
/** @param {boolean} ok */
const verdict = (ok) => (ok ? 'PASS' : 'MISS');

/**
 * The report's section: Node's figures, and the page's Explore… rate in Chromium when the browser part ran.
 * @param {ExploreResult | null} r
 * @param {import('./explore/page.mjs').PageExploreRate | null} [inPage]
 */
export function exploreMarkdown(r, inPage = null) {
  const pageRow = inPage
    ? [
        `| Chromium: the page's Explore…, lock-counter without lock, 4 × 200 increments, random, ${inPage.runs} runs until a deadlock that never comes (${inPage.isolated ? 'isolated page' : 'NOT isolated: Value points are not scheduling points here'}) | ${f(inPage.runsPerS)} runs/s (${f(inPage.ms / 1000, 2)} s from Start to the verdict) | ≥ ${TARGETS.runsPerS} runs/s | ${verdict(inPage.isolated && inPage.runsPerS >= TARGETS.runsPerS)} |`,
      ]
    : [];
  if (!r)
    return [
      '### Controlled runs (issue 16.6)',
      '',
      '| figure | value | target | verdict |',
      '| --- | --- | --- | --- |',
      ...pageRow,
      '',
    ].join('\n');
  const perPoint = ((r.random.ms - r.emptyMs) * 1000) / Math.max(1, r.random.points);
  const perSwitch = ((r.random.ms - r.emptyMs) * 1000) / Math.max(1, r.random.switches);
  const bare = r.bareAtomicsRtUs;
  const ratio = bare ? perPoint / bare : null;
  return [
    '### Controlled runs on Node and in Chromium (issue 16.6)',
    '',
    '| figure | value | target | verdict |',
    '| --- | --- | --- | --- |',
    `| explore, lock-counter without lock, 4 × 200 increments (${r.random.points} points a run), random | ${f(r.random.runsPerS)} runs/s (median run ${f(r.random.ms)} ms) | ≥ ${TARGETS.runsPerS} runs/s | ${verdict(r.random.runsPerS >= TARGETS.runsPerS)} |`,
    `| the same, PCT (depth 3) | ${f(r.pct.runsPerS)} runs/s (median run ${f(r.pct.ms)} ms) | ≥ ${TARGETS.runsPerS} runs/s | ${verdict(r.pct.runsPerS >= TARGETS.runsPerS)} |`,
    `| one shared-memory point, random (the run less the same run with 0 increments, ${f(r.emptyMs)} ms, per point) | ${f(perPoint, 2)} µs; per switch of process ${f(perSwitch, 2)} µs (${r.random.switches} switches) | ≤ ${TARGETS.pointOverBareRt} × bare Atomics RT | ${ratio === null ? 'n/a' : `${verdict(ratio <= TARGETS.pointOverBareRt)} (${f(ratio, 2)}×)`} |`,
    `| bare SharedArrayBuffer + Atomics round trip, worker ↔ worker, same process | ${bare === null ? 'n/a' : `${f(bare, 2)} µs`} | | |`,
    `| exhaustive search (dfs) of 2 processes × 2 increments, warm workers | ${f(r.dfs.ms, 0)} ms, ${r.dfs.runs} runs, ${r.dfs.schedules} schedules (model: ${r.dfs.model}) | < ${TARGETS.dfsMs} ms, every schedule | ${verdict(r.dfs.ms < TARGETS.dfsMs && r.dfs.schedules === r.dfs.model)} |`,
    ...pageRow,
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--runs');
  const runs = i >= 0 ? Number(args[i + 1]) : 20;
  const r = await measureExplore(runs);
  console.log(args.includes('--json') ? JSON.stringify(r) : exploreMarkdown(r));
}
