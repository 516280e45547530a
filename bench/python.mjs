// @ts-check
/* global process, console */
// The CPython rows of `npm run bench`: ../shared/bench/bench_mp.py run once for every shape asked for, its
// JSON report turned into measurements (or rows that say why there are none).
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { capture, lastLine, log, versionOf } from './common.mjs';
import { root } from './local.mjs';
import { SHAPES, cpythonMeasurements, failedRows, parsePythonJson, pythonMethods } from './table.mjs';

/**
 * @typedef {import('./table.mjs').Measurement} Measurement
 * @typedef {import('./options.mjs').BenchOptions} BenchOptions
 */

/**
 * @param {BenchOptions} o
 * @param {string} tmp
 * @returns {Promise<{ measurements: Measurement[]; python: string | null; problem: string | null }>}
 */
export async function runPython(o, tmp) {
  const shapes = SHAPES.filter((s) => o.only.includes(s.key));
  const script = process.env['BENCH_MP_PY'] ?? resolve(root, '..', 'shared', 'bench', 'bench_mp.py');
  /** @param {string} why */
  const missing = (why) => ({
    measurements: failedRows(shapes, 'CPython spawn', 'cpython-ref', why),
    python: null,
    problem: why,
  });
  const python = versionOf('python3', ['--version']);
  if (!python) return missing('python3 not found');
  if (!existsSync(script)) return missing(`${relative(root, script)} not found`);
  const json = join(tmp, 'cpython.json');
  // Short quiet-waits and no re-runs keep the whole bench within minutes on a busy machine (its defaults wait
  // up to 300 s per run); bench_mp.py still flags the runs that other processes disturbed, and the table says how many.
  const args = [
    script,
    ...['--methods', pythonMethods(shapes).join(','), '--only', shapes.map((s) => s.py).join(',')],
    ...['--runs', String(o.runs), '--json', json, '--max-wait', '3', '--max-retries', '0'],
  ];
  log(`python3 ${args.map((a) => relative(root, a) || a).join(' ')}`);
  // A1 with spawn alone takes ~7 s a run: give the Pool and process shapes their time.
  const r = await capture('python3', args, {
    timeoutMs: shapes.some((s) => s.key === 'processes' || s.key === 'pool5') ? 900_000 : 240_000,
    onLine: (l) => l && console.error(`  [cpython] ${l}`),
  });
  if (r.code !== 0 || !existsSync(json)) {
    const why = r.timedOut ? 'bench_mp.py timed out' : `bench_mp.py failed: ${lastLine(r.stderr) || `exit ${r.code}`}`;
    return { ...missing(why), python };
  }
  const report = parsePythonJson(readFileSync(json, 'utf8'));
  return { measurements: cpythonMeasurements(report, shapes), python: report.python, problem: null };
}
