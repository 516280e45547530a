// @ts-check
/* global process, console */
// The options of `npm run bench` (bench/run.mjs): its --help text and the parser of its arguments.
import { join, resolve } from 'node:path';
import { root } from './local.mjs';
import { SHAPES } from './table.mjs';

/**
 * @typedef {import('./table.mjs').ShapeKey} ShapeKey
 * @typedef {ReturnType<typeof parseArgs>} BenchOptions
 */

const HELP = `Usage: npm run bench -- [options]   (or node bench/run.mjs [options])

Measures, in one run: CPython multiprocessing (../shared/bench/bench_mp.py, spawn and forkserver, and fork
for the 200 processes), mpplay on Node (node bin/mpplay.mjs run bench/programs/*.ts), mpplay in headless
Chromium (the built page, served cross-origin isolated by vite preview and not isolated by a plain static
server), and bare worker round trips. Prints the table and writes it to docs/BENCHMARKS.md.

  --runs N           timed runs per shape and host, median reported (default 3; each after one warm-up)
  --only LIST        shapes, comma-separated (default all): queue,joinable,pipe (issue 3: A3a, A3c, A4a),
                     processes,pool5,poolmap,poolmap1 (issue 4: A1, A2a, A2b, A2c)
  --skip-python      no CPython (ratios and most targets then read n/a)
  --skip-node        no mpplay on Node
  --skip-browser     no Chromium
  --skip-engines     no Firefox or WebKit (bench/engines.mjs: Queue, Pipe, 200 processes, first paint)
  --skip-startup     no start-up latency (1, 5, 20 processes at once) or Stop tables (bench/startup/)
  --no-profile       do not profile the runs whose targets are missed (on Node and in Chromium)
  --profile-all      profile every shape on every mpplay host, missed or not
  --dist DIR         serve this build as it is (default: dist/ when newer than the sources, else a fresh
                     build in node_modules/.cache/mpplay-bench/checkout-<hash of this checkout's path>/dist)
  --out FILE         where to write the report (default docs/BENCHMARKS.md); --no-write to write nothing
Environment: BENCH_MP_PY overrides the path of bench_mp.py; CHROMIUM_PATH picks the browser (as in e2e/).`;

/** @param {string[]} argv */
export function parseArgs(argv) {
  const o = {
    runs: 3,
    only: SHAPES.map((s) => s.key),
    python: true,
    node: true,
    browser: true,
    engines: true,
    startup: true,
    profile: true,
    profileAll: false,
    /** @type {string | null} */
    out: join(root, 'docs', 'BENCHMARKS.md'),
    /** @type {string | null} */
    dist: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = /** @type {string} */ (argv[i]);
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') {
      console.log(HELP);
      process.exit(0);
    } else if (a === '--runs') {
      o.runs = Number(value());
      if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error('--runs needs a whole number ≥ 1');
    } else if (a === '--only') {
      const keys = value()
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = keys.filter((k) => !SHAPES.some((s) => s.key === k));
      if (bad.length || !keys.length) throw new Error(`--only takes ${SHAPES.map((s) => s.key).join(',')}`);
      o.only = /** @type {ShapeKey[]} */ (keys);
    } else if (a === '--skip-python') o.python = false;
    else if (a === '--skip-node') o.node = false;
    else if (a === '--skip-browser') o.browser = false;
    else if (a === '--skip-engines') o.engines = false;
    else if (a === '--skip-startup') o.startup = false;
    else if (a === '--no-profile') o.profile = false;
    else if (a === '--profile-all') o.profileAll = true;
    else if (a === '--out') o.out = resolve(value());
    else if (a === '--dist') o.dist = resolve(value());
    else if (a === '--no-write') o.out = null;
    else throw new Error(`unknown option ${a} (see --help)`);
  }
  return o;
}
