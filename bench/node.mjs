// @ts-check
/* global process */
// The rows of mpplay on Node in `npm run bench`: each benchmark program run by `mpplay run` (with and without
// per-item trace events), the bare worker_threads transport, and a program profiled with `node --cpu-prof`.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  NODE_NO_ITEM_TRACE,
  PROGRAM_TIMEOUT_MS,
  capture,
  lastLine,
  log,
  overheadPairs,
  programSource,
  readText,
  waitQuiet,
} from './common.mjs';
import { root } from './local.mjs';
import { PROCESS_LABELS, annotateModules, busiestPerLabel, summariseCpuProfile, threadLabel } from './profile.mjs';
import { BARE_ATOMICS, BARE_POSTMESSAGE, SHAPES, fmt, parseBenchLine } from './table.mjs';

/**
 * @typedef {import('./table.mjs').Measurement} Measurement
 * @typedef {import('./table.mjs').ShapeKey} ShapeKey
 * @typedef {import('./options.mjs').BenchOptions} BenchOptions
 * @typedef {import('./profile.mjs').Profiled} Profiled
 */

/**
 * @param {ShapeKey} shape
 * @param {number} runs
 * @param {string} tmp
 * @param {string[]} [nodeFlags] flags for node itself (e.g. --cpu-prof)
 * @param {string[]} [cliFlags] flags for `mpplay run`
 */
async function runNodeProgram(shape, runs, tmp, nodeFlags = [], cliFlags = []) {
  const file = join(tmp, `${shape}.ts`);
  writeFileSync(file, programSource(shape, runs));
  await waitQuiet();
  const r = await capture(process.execPath, [...nodeFlags, join(root, 'bin', 'mpplay.mjs'), 'run', file, ...cliFlags], {
    timeoutMs: PROGRAM_TIMEOUT_MS,
  });
  const parsed = r.code === 0 ? parseBenchLine(r.stdout) : null;
  if (!parsed) {
    const why = r.timedOut ? 'timed out' : `exit ${r.code}: ${lastLine(r.stderr) || lastLine(r.stdout)}`;
    return { runs: [], error: why };
  }
  return { runs: /** @type {number[]} */ (parsed.runs) };
}

/** @param {BenchOptions} o @param {string} tmp @returns {Promise<Measurement[]>} */
export async function runNode(o, tmp) {
  /** @type {Measurement[]} */
  const out = [];
  const help = await capture(process.execPath, [join(root, 'bin', 'mpplay.mjs'), '--help'], { timeoutMs: 60_000 });
  const traceLevelFlag = /--trace-level/.test(help.stdout + help.stderr);
  for (const s of SHAPES.filter((x) => o.only.includes(x.key))) {
    if (!traceLevelFlag) {
      log(`mpplay on Node: ${s.key}`);
      const r = await runNodeProgram(s.key, o.runs, tmp);
      out.push({ shape: s.key, host: 'mpplay Node', kind: 'sab', unit: s.unit, ...r });
      log(`  → ${r.error ?? `${r.runs.map(fmt).join(', ')} ${s.unit}`}`);
      continue;
    }
    // With and without the per-item trace events (what the trace costs): one timed run per program, the two
    // in turn, so that the load of a noisy machine weighs on both alike.
    log(`mpplay on Node: ${s.key}, full trace and --trace-level lifecycle in turn`);
    /** @type {Measurement} */
    const full = { shape: s.key, host: 'mpplay Node', kind: 'sab', unit: s.unit, runs: [] };
    /** @type {Measurement} */
    const lean = { shape: s.key, host: NODE_NO_ITEM_TRACE, kind: 'variant', unit: s.unit, runs: [] };
    const pairs = s.target === 'queue' ? overheadPairs(o.runs) : o.runs;
    for (let i = 0; i < pairs && !full.error && !lean.error; i++) {
      for (const [m, flags] of /** @type {const} */ ([
        [full, []],
        [lean, ['--trace-level', 'lifecycle']],
      ])) {
        const r = await runNodeProgram(s.key, 1, tmp, [], [...flags]);
        m.runs.push(...r.runs);
        if (r.error) m.error = r.error;
      }
    }
    out.push(full, lean);
    for (const m of [full, lean]) log(`  → ${m.host}: ${m.error ?? `${m.runs.map(fmt).join(', ')} ${s.unit}`}`);
  }
  log('bare transport in Node worker_threads');
  const t = await capture(process.execPath, [join(root, 'bench', 'transport', 'node.mjs'), String(o.runs)], {
    timeoutMs: 60_000,
  });
  const parsed = t.code === 0 ? parseBenchLine(t.stdout) : null;
  const error = parsed ? undefined : `exit ${t.code}: ${lastLine(t.stderr)}`;
  out.push(
    {
      shape: BARE_POSTMESSAGE,
      host: 'Node worker_threads',
      kind: 'transport',
      unit: 'µs/RT',
      runs: parsed?.postMessageRtUs ?? [],
      ...(error && { error }),
    },
    {
      shape: BARE_ATOMICS,
      host: 'Node worker_threads',
      kind: 'transport',
      unit: 'µs/RT',
      runs: parsed?.atomicsRtUs ?? [],
      ...(error && { error }),
    },
  );
  return out;
}

/**
 * Profiles one Node run of a shape (`node --cpu-prof`, every thread) and summarises it.
 * @param {ShapeKey} shape
 * @param {string} tmp
 * @returns {Promise<Profiled>}
 */
export async function profileNode(shape, tmp) {
  const dir = join(tmp, `prof-${shape}`);
  mkdirSync(dir, { recursive: true });
  const r = await runNodeProgram(shape, 1, tmp, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const threads = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => {
      const summary = summariseCpuProfile(JSON.parse(readFileSync(join(dir, f), 'utf8')), 8);
      annotateModules(summary, (url) => (url.startsWith('file:') ? readText(fileURLToPath(url)) : null));
      const tid = Number(/\.(\d+)\.\d+\.cpuprofile$/.exec(f)?.[1] ?? -1);
      return { label: threadLabel(summary, tid === 0, PROCESS_LABELS), summary };
    });
  return { shape, where: 'Node', figure: r.runs[0] ?? null, error: r.error ?? null, threads: busiestPerLabel(threads) };
}
