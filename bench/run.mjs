#!/usr/bin/env node
// @ts-check
/* global process, console, setTimeout, clearTimeout, URL, fetch */
// `npm run bench`: CPython's multiprocessing, mpplay on Node and mpplay in headless Chromium (with and without
// cross-origin isolation), side by side in one run, plus the bare transports; prints the table and writes
// docs/BENCHMARKS.md. Run `node bench/run.mjs --help` for the options. Not part of `npm test`.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  annotateModules,
  pageThreadLabel,
  profileMarkdown,
  profilesFromTrace,
  summariseCpuProfile,
  threadLabel,
} from './profile.mjs';
import {
  BARE_ATOMICS,
  BARE_POSTMESSAGE,
  SHAPES,
  buildRows,
  fmt,
  cpythonMeasurements,
  leanHost,
  markdownTable,
  overheadMarkdown,
  parseBenchLine,
  parsePythonJson,
  pythonMethods,
  traceOverheads,
} from './table.mjs';
import { ENGINE_ROWS, enginePagesMarkdown, measureEngines } from './engines.mjs';
import { firstPaintMarkdown, measureFirstPaint } from './firstPaint.mjs';
import { measureTimeline, timelineMarkdown } from './timeline.mjs';
import { exploreMarkdown, measureExplore } from './explore.mjs';
import { freePort, loadChromiumFinder } from './local.mjs';
import { measurePair } from './transport/pair.mjs';
import { measureStartupAndStop, startupAndStopSection } from './startup/browser.mjs';

/**
 * @typedef {import('./table.mjs').Measurement} Measurement
 * @typedef {import('./table.mjs').ShapeKey} ShapeKey
 * @typedef {import('./table.mjs').Row} Row
 */

const root = dirname(dirname(fileURLToPath(import.meta.url)));
// One cache per checkout: git worktrees may share node_modules, and a build another checkout made later than
// our sources changed would pass for fresh here and be measured in place of ours.
const cacheDir = join(
  root,
  'node_modules',
  '.cache',
  'mpplay-bench',
  `checkout-${createHash('sha256').update(root).digest('hex').slice(0, 10)}`,
);
const vite = join(root, 'node_modules', '.bin', 'vite');
const TRANSPORT_RT = 10_000;
/**
 * Full-trace and lifecycle runs taken in turn for the recorder's overhead on the queue shapes (issue 5): at
 * least 9 pairs, since single runs in Chromium swing by ±15% on this machine (5 pairs still moved the median
 * by ±8%). @param {number} runs
 */
const overheadPairs = (runs) => Math.max(9, runs);

/** The Node row run with `mpplay run --trace-level lifecycle`: no trace event per item put, taken or sent. */
const NODE_NO_ITEM_TRACE = leanHost('mpplay Node');
/** How long one benchmark program (a warm-up and --runs timed runs) may take before it counts as hung. */
const PROGRAM_TIMEOUT_MS = 90_000;
const HOST = '127.0.0.1';
const COI_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const ANALYSIS_START = '<!-- analysis:start (kept by bench/run.mjs when it rewrites this file) -->';
const ANALYSIS_END = '<!-- analysis:end -->';

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

// ---------------------------------------------------------------------------------------------- options

/** @param {string[]} argv */
function parseArgs(argv) {
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

// ---------------------------------------------------------------------------------------------- helpers

const t0 = Date.now();
/** Progress on stderr, with the seconds since the start. @param {string} msg */
function log(msg) {
  console.error(`bench [${String(Math.round((Date.now() - t0) / 1000)).padStart(3)} s]: ${msg}`);
}

/**
 * Runs a command to completion, capturing its output; `onLine` sees stdout lines as they come.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ timeoutMs: number; onLine?: (line: string) => void; env?: NodeJS.ProcessEnv }} opts
 * @returns {Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean; error?: string }>}
 */
function capture(cmd, args, { timeoutMs, onLine, env }) {
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
const quietLog = { waits: 0, quiet: 0 };

/**
 * Like bench_mp.py's wait_quiet: waits (up to `maxMs`) until the machine used less than `limit` cores over a
 * second, so each mpplay program starts on a machine as quiet as CPython's runs did.
 * @param {number} [maxMs]
 * @param {number} [limit]
 */
async function waitQuiet(maxMs = 3000, limit = 0.2) {
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
function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The last non-empty line of some output, for error cells. @param {string} text */
function lastLine(text) {
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
function programSource(shape, runs) {
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
function withTimeout(promise, ms, what) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const late = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return /** @type {Promise<T>} */ (Promise.race([promise, late])).finally(() => clearTimeout(timer));
}

/** @param {string} cmd @param {string[]} args */
function versionOf(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout || r.stderr).trim() : null;
}

function loadavg() {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
}

// ---------------------------------------------------------------------------------------------- CPython

/**
 * @param {ReturnType<typeof parseArgs>} o
 * @param {string} tmp
 * @returns {Promise<{ measurements: Measurement[]; python: string | null; problem: string | null }>}
 */
async function runPython(o, tmp) {
  const shapes = SHAPES.filter((s) => o.only.includes(s.key));
  const script = process.env['BENCH_MP_PY'] ?? resolve(root, '..', 'shared', 'bench', 'bench_mp.py');
  /** @param {string} why */
  const missing = (why) => ({
    measurements: shapes.flatMap((s) => [
      /** @type {Measurement} */ ({
        shape: s.key,
        host: 'CPython spawn',
        kind: 'cpython-ref',
        unit: s.unit,
        runs: [],
        error: why,
      }),
    ]),
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

// ---------------------------------------------------------------------------------------------- mpplay on Node

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

/** @param {ReturnType<typeof parseArgs>} o @param {string} tmp @returns {Promise<Measurement[]>} */
async function runNode(o, tmp) {
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

/** Program functions that tell which process a profiled worker was: [function, label], most specific first. */
const PROCESS_LABELS = /** @type {[string, string][]} */ ([
  ['producer', 'producer process (worker)'],
  ['consumer', 'consumer process (worker)'],
  ['pong', 'child process `pong` (worker)'],
  ['runPoolWorker', 'SpawnPoolWorker (worker)'],
  ['runChunk', 'SpawnPoolWorker (worker)'],
  ['once', 'MainProcess (worker)'],
  ['measure', 'MainProcess (worker)'],
  ['task', 'child process `task` (worker)'],
]);

/**
 * @typedef {{ label: string; summary: import('./profile.mjs').ProfileSummary }} ProfiledThread
 * @typedef {{ shape: ShapeKey; where: string; figure: number | null; error: string | null; threads: ProfiledThread[] }} Profiled
 */

/**
 * Spare workers and the finished children of the warm-up run add nothing: the busiest thread per label.
 * @param {ProfiledThread[]} threads
 */
function busiestPerLabel(threads) {
  return [...threads]
    .sort((a, b) => b.summary.busyMs - a.summary.busyMs)
    .filter((t, i, all) => all.findIndex((u) => u.label === t.label) === i && !t.label.includes('spare'));
}

/**
 * Profiles one Node run of a shape (`node --cpu-prof`, every thread) and summarises it.
 * @param {ShapeKey} shape
 * @param {string} tmp
 * @returns {Promise<Profiled>}
 */
async function profileNode(shape, tmp) {
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

// ---------------------------------------------------------------------------------------------- Chromium

/** Newest modification time of the files a page build depends on. */
function newestSourceMtime() {
  let newest = 0;
  /** @param {string} p */
  const visit = (p) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) visit(join(p, e));
    } else if (!/\.test\.tsx?$|\.test-util\.ts$/.test(p)) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const p of ['src', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'public']) {
    visit(join(root, p));
  }
  return newest;
}

/** @param {string} dir @param {number} newest */
function buildIsFresh(dir, newest) {
  const st = statSync(join(dir, 'index.html'), { throwIfNoEntry: false });
  return !!st && st.mtimeMs >= newest;
}

/**
 * A built page to serve: dist/ when it is newer than the sources, else a build of our own (in
 * node_modules/.cache/mpplay-bench/checkout-…/dist, so a dist/ that others' tests are serving is never rebuilt under
 * them, and a checkout sharing node_modules never serves another's build).
 */
async function ensureBuild(/** @type {string | null} */ given) {
  if (given) {
    if (!existsSync(join(given, 'index.html'))) throw new Error(`--dist ${given} has no index.html`);
    return { dir: given, built: false };
  }
  const newest = newestSourceMtime();
  const dist = join(root, 'dist');
  if (buildIsFresh(dist, newest)) return { dir: dist, built: false };
  const own = join(cacheDir, 'dist');
  if (buildIsFresh(own, newest)) return { dir: own, built: false };
  log(`dist/ is missing or older than the sources: vite build --outDir ${relative(root, own)}`);
  const r = await capture(vite, ['build', '--outDir', own, '--emptyOutDir', '--logLevel', 'warn'], {
    timeoutMs: 300_000,
  });
  if (r.code !== 0) throw new Error(`vite build failed: ${lastLine(r.stderr) || lastLine(r.stdout)}`);
  return { dir: own, built: true };
}

/** @param {string} url @param {number} timeoutMs */
async function waitForHttp(url, timeoutMs) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const MIME = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
});

/**
 * A plain static server of the built page without COOP/COEP: the page is then not cross-origin isolated,
 * like an embed in a blog (no SharedArrayBuffer).
 * @param {string} dir
 * @param {number} port
 * @param {Record<string, string>} [headers] extra response headers (COOP/COEP to serve it isolated after all)
 * @returns {Promise<import('node:http').Server>}
 */
function plainServer(dir, port, headers = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolve(dir, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((done, fail) => {
    server.on('error', fail);
    server.listen(port, HOST, () => done(server));
  });
}

/**
 * Opens the playground and waits until the editor and the terminal are up (as e2e/helpers.ts's openApp).
 * @param {import('playwright-core').BrowserContext} context
 * @param {string} base
 */
async function openApp(context, base) {
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  await page.goto(`${base}/`);
  await page.locator('.monaco-editor').first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForFunction(() => typeof (/** @type {any} */ (globalThis).__term) === 'object', null, {
    timeout: 30_000,
  });
  return page;
}

/**
 * Launches Chromium as the browser tests do: e2e/chromium.ts's binary and flags, never @sparticuz's own args.
 * @param {(fn: () => void) => void} onCleanup
 */
async function launchChromium(onCleanup) {
  const { findChromium, CHROMIUM_ARGS } = await loadChromiumFinder(cacheDir);
  const found = await findChromium();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS, headless: true });
  onCleanup(() => void browser.close().catch(() => {}));
  return { browser, version: `${browser.version()} (${found.from})` };
}

/**
 * Runs every benchmark program on one served page, then the bare worker pair on the same origin.
 * @param {import('playwright-core').Browser} browser
 * @param {{ base: string; wantIsolated: boolean }} variant
 * @param {ReturnType<typeof parseArgs>} o
 * @returns {Promise<{ measurements: Measurement[]; isolated: boolean | null; problem: string | null }>}
 */
async function runPage(browser, variant, o) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  /** @type {Measurement[]} */
  const out = [];
  let isolated = /** @type {boolean | null} */ (null);
  const shapes = SHAPES.filter((s) => o.only.includes(s.key));
  const label = variant.wantIsolated ? 'isolated' : 'not isolated';
  try {
    const page = await openApp(context, variant.base);
    isolated = await page.evaluate(() => globalThis.crossOriginIsolated === true);
    if (isolated !== variant.wantIsolated) log(`the ${label} page reports crossOriginIsolated=${isolated}`);
    const host = `mpplay Chromium, ${isolated ? 'isolated' : 'not isolated'}`;
    const bareHost = `Chromium, ${isolated ? 'isolated' : 'not isolated'}`;
    for (const s of shapes) {
      log(`mpplay in Chromium (${label}): ${s.key}`);
      /** @type {Measurement} */
      const m = { shape: s.key, host, kind: isolated ? 'sab' : 'nosab', unit: s.unit, runs: [], bareHost };
      // Queues also run without per-item trace events (what the recorder costs, issue 5): then one timed run
      // per program, the two in turn, as on Node.
      /** @type {Measurement | null} */
      const v =
        s.target === 'queue' ? { shape: s.key, host: leanHost(host), kind: 'variant', unit: s.unit, runs: [] } : null;
      /** @type {[Measurement, 'full' | 'lifecycle'][]} */
      const turns = v
        ? [
            [m, 'full'],
            [v, 'lifecycle'],
          ]
        : [[m, 'full']];
      for (let i = 0; i < (v ? overheadPairs(o.runs) : 1) && !m.error && !v?.error; i++) {
        for (const [x, level] of turns) {
          try {
            await waitQuiet();
            x.runs.push(...(await runInPage(page, programSource(s.key, v ? 1 : o.runs), level)));
          } catch (e) {
            x.error = /** @type {Error} */ (e).message.split('\n')[0]?.slice(0, 200);
          }
        }
      }
      for (const x of v ? [m, v] : [m]) log(`  → ${x.host}: ${x.error ?? `${x.runs.map(fmt).join(', ')} ${s.unit}`}`);
      out.push(m, ...(v ? [v] : []));
    }

    log(`bare transport in Chromium (${label})`);
    // A page of its own: navigating the app's page right after a quick run can hang in headless Chromium.
    const tp = await context.newPage();
    tp.setDefaultTimeout(60_000);
    const transportUrl = `${variant.base}/__bench/transport.html`;
    const html = readFileSync(join(root, 'bench', 'transport', 'index.html'), 'utf8');
    // Bounded like everything else here: a page that stops answering after the programs must cost the
    // transport rows (they say so), not hang the whole bench.
    await withTimeout(
      tp.route(transportUrl, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: html,
          headers: variant.wantIsolated ? COI_HEADERS : {},
        }),
      ),
      30_000,
      'routing the transport page',
    );
    await withTimeout(tp.goto(transportUrl, { timeout: 60_000 }), 90_000, 'opening the transport page');
    const workerSource = readFileSync(join(root, 'bench', 'transport', 'pairWorker.mjs'), 'utf8');
    const pm = /** @type {number[]} */ ([]);
    const at = /** @type {number[]} */ ([]);
    let error;
    try {
      for (let i = 0; i < o.runs; i++) {
        /** @type {import('./transport/pair.mjs').PairResult} */
        const r = await withTimeout(
          tp.evaluate(
            `(${measurePair.toString()})({
            makeWorker: () => new Worker(URL.createObjectURL(new Blob([${JSON.stringify(workerSource)}], { type: 'text/javascript' })), { type: 'module' }),
            n: ${TRANSPORT_RT}, warmup: 1000, withSab: globalThis.crossOriginIsolated === true,
          })`,
          ),
          90_000,
          'the bare worker pair',
        );
        log(
          `  → postMessage ${fmt(r.postMessageRtUs)} µs/RT, Atomics ${r.atomicsRtUs === null ? '—' : fmt(r.atomicsRtUs)}`,
        );
        pm.push(r.postMessageRtUs);
        if (r.atomicsRtUs !== null) at.push(r.atomicsRtUs);
      }
    } catch (e) {
      error = /** @type {Error} */ (e).message.split('\n')[0];
    }
    out.push({
      shape: BARE_POSTMESSAGE,
      host: bareHost,
      kind: 'transport',
      unit: 'µs/RT',
      runs: pm,
      ...(error && { error }),
    });
    if (at.length) out.push({ shape: BARE_ATOMICS, host: bareHost, kind: 'transport', unit: 'µs/RT', runs: at });
    return { measurements: out, isolated, problem: null };
  } catch (e) {
    const why = /** @type {Error} */ (e).message.split('\n')[0] ?? 'failed';
    log(`Chromium (${label}) failed: ${why}`);
    for (const s of shapes.filter((x) => !out.some((m) => m.shape === x.key))) {
      out.push({
        shape: s.key,
        host: `mpplay Chromium, ${label}`,
        kind: variant.wantIsolated ? 'sab' : 'nosab',
        unit: s.unit,
        runs: [],
        error: why,
      });
    }
    return { measurements: out, isolated, problem: why };
  } finally {
    await withTimeout(context.close(), 30_000, 'closing the page').catch((e) => log(e.message));
  }
}

/**
 * Puts a program into the editor through the page's test hook, runs it, waits for its end and reads its
 * `BENCH` line from the terminal.
 * @param {import('playwright-core').Page} page
 * @param {string} source
 * @param {'full' | 'lifecycle'} [traceLevel] `lifecycle`: without per-item trace events
 * @returns {Promise<number[]>}
 */
async function runInPage(page, source, traceLevel = 'full') {
  await page.evaluate(
    ([code, level]) => {
      const hooks = /** @type {any} */ (globalThis).__mpplay;
      hooks.setCode(code);
      hooks.run(level === 'full' ? undefined : { traceLevel: level });
    },
    [source, traceLevel],
  );
  try {
    await page.waitForFunction(
      () => !/^(idle|compiling|running)$/.test(/** @type {any} */ (globalThis).__mpplay.state().status),
      null,
      { timeout: PROGRAM_TIMEOUT_MS, polling: 250 },
    );
  } catch (e) {
    const text = await terminalText(page).catch(() => '');
    await page.evaluate(() => /** @type {any} */ (globalThis).__mpplay.stop()).catch(() => {});
    throw new Error(
      `no end within ${PROGRAM_TIMEOUT_MS / 1000} s; the terminal's last line: ${lastLine(text) || '(empty)'}`,
      {
        cause: e,
      },
    );
  }
  const state = await page.evaluate(() => /** @type {any} */ (globalThis).__mpplay.state());
  // xterm parses writes asynchronously: give the last line a moment to land.
  let text = '';
  for (let i = 0; i < 50; i++) {
    text = await terminalText(page);
    if (parseBenchLine(text) || /── (exit code|stopped)/.test(text)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const parsed = parseBenchLine(text);
  if (state.status !== 'exited' || state.exitCode !== 0 || !parsed) {
    throw new Error(`run ended ${state.status} (exit code ${state.exitCode}): ${lastLine(text)}`);
  }
  return parsed.runs;
}

/** The terminal's text, wrapped rows joined back (as e2e/helpers.ts reads it). @param {import('playwright-core').Page} page */
function terminalText(page) {
  return page.evaluate(() => {
    const b = /** @type {any} */ (globalThis).__term.buffer.active;
    const out = [];
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i);
      const text = line?.translateToString(false) ?? '';
      if (line?.isWrapped && out.length) out[out.length - 1] += text;
      else out.push(text);
    }
    return out.map((l) => l.trimEnd()).join('\n');
  });
}

/**
 * @param {ReturnType<typeof parseArgs>} o
 * @param {(fn: () => void) => void} onCleanup
 */
async function runBrowser(o, onCleanup) {
  const { dir, built } = await ensureBuild(o.dist);
  const [vitePort, plainPort] = [await freePort(), await freePort()];
  log(`vite preview of ${relative(root, dir)} on ${HOST}:${vitePort}; plain static server on ${HOST}:${plainPort}`);
  const preview = spawn(
    vite,
    ['preview', '--host', HOST, '--port', String(vitePort), '--strictPort', '--outDir', dir],
    {
      cwd: root,
      stdio: 'ignore',
      detached: true, // its own process group, so killing it takes any child along
    },
  );
  const killPreview = () => {
    try {
      if (preview.pid && preview.exitCode === null) process.kill(-preview.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  onCleanup(killPreview);
  const plain = await plainServer(dir, plainPort);
  onCleanup(() => plain.close());
  const res = await waitForHttp(`http://${HOST}:${vitePort}/`, 30_000);
  if (res.headers.get('cross-origin-embedder-policy') !== 'require-corp') {
    log('vite preview sent no COEP header: its page will not be cross-origin isolated');
  }

  const { browser, version } = await launchChromium(onCleanup);
  log(`Chromium ${version}`);
  const isolatedRun = await runPage(browser, { base: `http://${HOST}:${vitePort}`, wantIsolated: true }, o);
  const plainRun = await runPage(browser, { base: `http://${HOST}:${plainPort}`, wantIsolated: false }, o);
  // Issue 6's page figures and issue 5's chart frame times, on the same served build and the same browser.
  /** @type {{ firstPaint: unknown; timeline: unknown; errors: string[] }} */
  const page = { firstPaint: null, timeline: null, errors: [] };
  const base = `http://${HOST}:${vitePort}/`;
  try {
    log('first paint, editable editor and JavaScript bytes of the page and a read-only embed');
    page.firstPaint = await measureFirstPaint(browser, base, o.runs);
  } catch (e) {
    page.errors.push(`first paint: ${/** @type {Error} */ (e).message.split('\n')[0]}`);
  }
  try {
    log('timeline frame times: 100,000 spans over 1,000 rows');
    page.timeline = await measureTimeline(browser, base);
  } catch (e) {
    page.errors.push(`timeline: ${/** @type {Error} */ (e).message.split('\n')[0]}`);
  }
  log('closing Chromium');
  await browser.close();
  killPreview();
  plain.close();
  return {
    measurements: [...isolatedRun.measurements, ...plainRun.measurements],
    chromium: version,
    served: relative(root, dir),
    built,
    isolated: { vitePreview: isolatedRun.isolated, plainServer: plainRun.isolated },
    page,
  };
}

/**
 * Profiles one run of each shape in Chromium through a trace with V8's sampling profiler on (every thread:
 * the page, the kernel worker, each process worker). The page is an unminified build, so functions keep their
 * names, served by the plain static server, with COOP/COEP for the isolated variant.
 * @param {{ isolated: boolean; shapes: ShapeKey[] }[]} targets
 * @param {(fn: () => void) => void} onCleanup
 * @returns {Promise<Profiled[]>}
 */
async function profileBrowser(targets, onCleanup) {
  const dir = join(cacheDir, 'dist-unminified');
  if (!buildIsFresh(dir, newestSourceMtime())) {
    log(`unminified build for the profiles: vite build --minify false --outDir ${relative(root, dir)}`);
    const r = await capture(
      vite,
      ['build', '--minify', 'false', '--outDir', dir, '--emptyOutDir', '--logLevel', 'warn'],
      {
        timeoutMs: 300_000,
      },
    );
    if (r.code !== 0) throw new Error(`vite build failed: ${lastLine(r.stderr) || lastLine(r.stdout)}`);
  }
  const { browser } = await launchChromium(onCleanup);
  /** @type {Profiled[]} */
  const out = [];
  try {
    for (const t of targets) {
      const where = `Chromium, ${t.isolated ? 'isolated' : 'not isolated'}`;
      const server = await plainServer(dir, await freePort(), t.isolated ? COI_HEADERS : {});
      const addr = server.address();
      const base = `http://${HOST}:${typeof addr === 'object' && addr ? addr.port : 0}`;
      const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
      try {
        const page = await openApp(context, base);
        for (const shape of t.shapes) {
          log(`profiling mpplay in ${where}: ${shape}`);
          /** @type {Profiled} */
          const p = { shape, where, figure: null, error: null, threads: [] };
          await browser.startTracing(page, { categories: ['disabled-by-default-v8.cpu_profiler', '__metadata'] });
          try {
            p.figure = (await runInPage(page, programSource(shape, 1)))[0] ?? null;
          } catch (e) {
            p.error = /** @type {Error} */ (e).message.split('\n')[0] ?? 'failed';
          }
          const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
          const threads = profilesFromTrace(Array.isArray(trace) ? trace : (trace.traceEvents ?? [])).map((x) => {
            const summary = summariseCpuProfile(x.profile, 8);
            annotateModules(summary, (url) =>
              url.startsWith(base) ? readText(join(dir, decodeURIComponent(new URL(url).pathname))) : null,
            );
            return { label: pageThreadLabel(summary, x.isMain, PROCESS_LABELS), summary };
          });
          p.threads = busiestPerLabel(threads);
          out.push(p);
        }
      } finally {
        await withTimeout(context.close(), 30_000, 'closing the page').catch((e) => log(e.message));
        server.close();
      }
    }
  } finally {
    await browser.close().catch(() => {});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- report

/** Orders rows: per shape CPython, Node, Chromium isolated, Chromium not isolated; the bare transports last. */
const HOST_ORDER = [
  'CPython spawn',
  'CPython forkserver',
  'CPython fork',
  'mpplay Node',
  NODE_NO_ITEM_TRACE,
  'mpplay Chromium, isolated',
  'mpplay Chromium, not isolated',
  ...ENGINE_ROWS.map((r) => r.host),
];
const BARE_ORDER = ['Node worker_threads', 'Chromium, isolated', 'Chromium, not isolated'];

/** @param {Measurement[]} ms */
function ordered(ms) {
  const shapeIdx = (/** @type {string} */ s) => {
    const i = [...SHAPES.map((x) => x.key), BARE_POSTMESSAGE, BARE_ATOMICS].indexOf(s);
    return i < 0 ? 99 : i;
  };
  const hostIdx = (/** @type {Measurement} */ m) => {
    const i = (m.kind === 'transport' ? BARE_ORDER : HOST_ORDER).indexOf(m.host);
    return i < 0 ? 99 : i;
  };
  return [...ms].sort((a, b) => shapeIdx(a.shape) - shapeIdx(b.shape) || hostIdx(a) - hostIdx(b));
}

/** @param {string} text @param {string} filepath */
async function prettierFormat(text, filepath) {
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(filepath)) ?? {};
    return await prettier.format(text, { ...config, filepath });
  } catch (e) {
    log(`prettier could not format the report: ${/** @type {Error} */ (e).message}`);
    return text;
  }
}

/** The hand-written analysis between the markers of an existing report, kept across runs. @param {string | null} path */
function keptAnalysis(path) {
  if (!path || !existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  const a = text.indexOf(ANALYSIS_START);
  const b = text.indexOf(ANALYSIS_END);
  return a >= 0 && b > a ? text.slice(a + ANALYSIS_START.length, b).trim() : null;
}

/** The doc's part on what the trace recorder costs (issue 5), from the full and lifecycle rows. @param {Row[]} rows */
function overheadSection(rows) {
  const table = overheadMarkdown(traceOverheads(rows));
  if (!table) return [];
  return [
    '### Trace recorder overhead (issue 5)',
    '',
    'What recording every item (put, take, taskDone events for the chart) costs a queue: 1 − full/lifecycle,',
    'the throughput with the default full trace against the same program run right after it with',
    '`--trace-level lifecycle` (no per-item events), in turn, at least 9 pairs; the median over the pairs (each',
    "pair's two runs a few seconds apart, so the machine's drift from one pair to the next cancels out). Target:",
    'at most 10%. Even so a few percent either way is noise (below 0 means the full trace measured faster).',
    '',
    table,
    '',
  ];
}

/**
 * @param {{
 *   rows: Row[]; o: ReturnType<typeof parseArgs>; facts: Record<string, string>; command: string;
 *   notes: string[]; profiles: Profiled[]; analysis: string | null;
 *   pageFigures?: { firstPaint: unknown; timeline: unknown; engines?: unknown } | null; extra?: string[];
 *   exploreSection?: string;
 * }} r
 */
function renderDoc({ rows, o, facts, command, notes, profiles, analysis, pageFigures, extra = [], exploreSection }) {
  const misses = rows.filter((x) => x.verdict === 'MISS');
  const lines = [
    '# Benchmarks: mpplay against CPython multiprocessing',
    '',
    `Written by \`npm run bench\` (bench/run.mjs) on ${facts['date']}. Every figure below comes from that one run, on one`,
    'machine, so the ratios compare like with like. The machine is shared with other work and noisy (see the load',
    'averages): throughputs move by tens of percent between runs and round trips by up to 3× (idle vCPUs wake up',
    'slowly); ratios within one run are what to read.',
    '',
    '## Command and machine',
    '',
    '```',
    command,
    '```',
    '',
    ...Object.entries(facts).map(([k, v]) => `- ${k}: ${v}`),
    '',
    '## Results',
    '',
    `Median of ${o.runs} timed runs per figure (each program and bench_mp.py first do one untimed warm-up run);`,
    '"runs" lists them all. "× CPython spawn" is the figure divided by CPython\'s with the spawn start method in',
    'this run: above 1 is better for items/s and tasks/s, below 1 is better for times (µs per round trip (RT), s, ms).',
    '',
    markdownTable(rows),
    '',
    ...overheadSection(rows),
    'Shapes (the same in every host): **Queue** (bench_mp.py A3a): one producer process puts 100,000 small ints',
    "and a sentinel, one consumer process gets them; items/s from the producer's start to the consumer's",
    'last get, the consumer started 0.3 s before the producer. **JoinableQueue** (A3c): the same with',
    '`taskDone()` per item, timed by the producer up to the return of `join()`. **Pipe** (A4a): the parent',
    'sends an int to a child, which sends it back; 10,000 round trips after one warm-up, µs each.',
    `**Bare postMessage**: two workers of our own (bench/transport/) bounce a message over a MessagePort,`,
    `${TRANSPORT_RT.toLocaleString('en')} round trips after 1,000 warm-up ones; **bare SAB + Atomics**: the same with`,
    "`Atomics.wait`/`notify` on a SharedArrayBuffer (only where there is one). mpplay's programs are",
    'bench/programs/*.ts, timed inside the program with `time.perfCounter()` (program seconds, speed 1).',
    "**200 processes** (A1, the seed's 6.1): 200 `Process` objects running a trivial task started one after the",
    'other, then joined; seconds from the first start to the last join. **Pool(5)** (A2a): `Pool(5)` created, `map`',
    'over 200 trivial items, `close()` and `join()`; ms for all of it. **Pool.map** (A2b): `Pool(2).map` over 100,000',
    "trivial items with the default chunksize (CPython's rule: 4 chunks per worker), on a warm pool; tasks/s.",
    '**Pool.map, chunksize 1** (A2c): the same over 20,000 items, every item its own task; tasks/s.',
    '',
    'Targets (issue 3, part 6): where SharedArrayBuffer is available (Node, the cross-origin-isolated page)',
    "queue throughput ≥ 2× CPython's and a Pipe round trip no slower than CPython's; where it is not (an",
    "embed: the page served without COOP/COEP) queue throughput ≥ CPython's and a Pipe round trip within 2× a",
    'bare postMessage round trip measured in the same run (on the same kind of page). The JoinableQueue rows',
    'are held to the queue targets. The rows "…, --trace-level lifecycle" run the same programs without the',
    'per-item trace events (`mpplay run --trace-level lifecycle`; on the page through its test hook), to show',
    'what they cost; they have no target here, the default (full trace) is what is judged, and the trace',
    "recorder overhead table below holds the difference to issue 5's target.",
    '',
    "Targets (issue 4), in every host: `Pool.map` tasks/s at least CPython's (spawn), with the default chunksize",
    "and with chunksize 1; 200 processes started and joined no slower than CPython's `forkserver` (Python 3.14's",
    'default on Linux), aiming at its `fork` (the target cell says whether the aim is met). `Pool(5)` has no',
    'target: its row is for comparison. On the `--trace-level lifecycle` rows the Pool programs run without their',
    '`task` spans.',
    '',
  ];
  if (notes.length) lines.push('## Notes on this run', '', ...notes.map((n) => `- ${n}`), '');
  const md = (/** @type {unknown} */ x) => (Array.isArray(x) ? x.join('\n') : String(x));
  if (pageFigures?.firstPaint) {
    lines.push(
      '## The page: first paint, editable editor, JavaScript fetched (issue 6)',
      '',
      // @ts-expect-error -- the shape is firstPaint.mjs's Result[]
      md(firstPaintMarkdown(pageFigures.firstPaint)),
      '',
    );
  }
  if (pageFigures?.engines) {
    lines.push(
      '## First paint and editable editor per engine (issue 13), × Chromium in this run',
      '',
      // @ts-expect-error -- the shapes are engines.mjs's EnginePage[] and firstPaint.mjs's Result[]
      enginePagesMarkdown(pageFigures.engines, pageFigures.firstPaint),
      '',
    );
  }
  if (pageFigures?.timeline) {
    lines.push(
      '## The timeline: frame time with 100,000 spans over 1,000 rows (issue 5, budget 16 ms)',
      '',
      // @ts-expect-error -- the shape is timeline.mjs's TimelineResult
      md(timelineMarkdown(pageFigures.timeline)),
      '',
    );
  }
  if (exploreSection)
    lines.push('## Controlled runs: explore and exhaustive search (issue 16.6)', '', exploreSection, '');
  lines.push(...extra);
  lines.push('## Where the time goes', '');
  const overheads = traceOverheads(rows);
  const overheadMisses = overheads.filter((o) => o.verdict !== 'PASS').length;
  if (!misses.length) {
    lines.push(
      overheadMisses
        ? `Every target of the results table was met in this run; the trace recorder's overhead was not, in ${overheadMisses} of ${overheads.length} rows (see its table; not profiled here).`
        : 'Every target was met in this run.',
      '',
    );
  } else {
    lines.push(`Missed in this run: ${misses.map((m) => `${m.shape} on ${m.host}`).join('; ')}.`, '');
  }
  if (profiles.length) {
    lines.push(
      'Measured, not guessed: each shape that missed a target was run once more under a sampling CPU profiler',
      'covering every thread, one timed run after the warm-up: on Node with `node --cpu-prof` (the kernel on',
      'the main thread, each process a worker thread) when it missed there; in Chromium once per shape (the',
      'page code is the same with and without isolation: on the isolated page when it missed there) through a',
      "trace with V8's sampler on (`disabled-by-default-v8.cpu_profiler`), of an unminified build of the same",
      'page so that functions keep their names. Per thread: busy time (sampled outside idle) over the profiled',
      'span, then the top functions by self time, merged over call sites, as a share of the busy time, with the',
      'source module of the bundle line. `(program)` is native/V8 time not attributed to a JS function;',
      '`postMessage` is the native send including its structured clone. A profiled run is slower than an',
      'unprofiled one.',
      '',
    );
    for (const p of profiles) {
      const shape = SHAPES.find((s) => s.key === p.shape);
      const figure =
        p.figure === null ? `failed (${p.error})` : `${fmt(p.figure)} ${shape?.unit ?? ''} under the profiler`;
      lines.push(`### ${shape?.title ?? p.shape}, ${p.where}: ${figure}`, '', profileMarkdown(p.threads, 6), '');
    }
  }
  lines.push(ANALYSIS_START, '', analysis ?? '_No analysis written yet for these figures._', '', ANALYSIS_END, '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------- main

async function main() {
  /** @type {ReturnType<typeof parseArgs>} */
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`bench: ${/** @type {Error} */ (e).message}`);
    process.exit(2);
  }
  const started = Date.now();
  /** @type {(() => void)[]} */
  const cleanups = [];
  const cleanup = () => {
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        fn();
      } catch {
        // best effort
      }
    }
  };
  process.on('exit', cleanup);
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(sig, () => {
      cleanup();
      process.exit(130);
    });
  }
  mkdirSync(cacheDir, { recursive: true });
  const tmp = mkdtempSync(join(os.tmpdir(), 'mpplay-bench-'));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));

  const loadBefore = loadavg();
  log(`load average before: ${loadBefore} (1/5/15 min, ${os.cpus().length} cores)`);
  /** @type {Measurement[]} */
  const ms = [];
  /** @type {string[]} */
  const notes = [];
  let python = null;
  let chromium = 'not run';

  if (o.python) {
    const py = await runPython(o, tmp);
    ms.push(...py.measurements);
    python = py.python;
    if (py.problem) notes.push(`CPython: ${py.problem}; its rows say so and the ratios read n/a.`);
  } else notes.push('CPython skipped (--skip-python): ratios and CPython-based targets read n/a.');

  if (o.node) ms.push(...(await runNode(o, tmp)));
  /** Controlled runs (issue 16.6): explore on Node. */
  let exploreSection = '';
  if (o.node) {
    try {
      log('controlled runs: explore the lock-counter without its lock, and an exhaustive search');
      exploreSection = exploreMarkdown(await measureExplore(Math.max(15, o.runs * 5)));
    } catch (e) {
      notes.push(`Controlled runs: ${/** @type {Error} */ (e).message.split('\n')[0]}`);
    }
  }

  /** @type {{ firstPaint: unknown; timeline: unknown; engines?: unknown } | null} */
  let pageFigures = null;
  if (o.browser) {
    try {
      const browserRun = await runBrowser(o, (fn) => cleanups.push(fn));
      ms.push(...browserRun.measurements);
      chromium = browserRun.chromium;
      pageFigures = browserRun.page;
      for (const err of browserRun.page.errors) notes.push(`Page figures: ${err}`);
      const iso = browserRun.isolated;
      notes.push(
        `Chromium pages: the one served by \`vite preview\` (COOP/COEP headers) reported crossOriginIsolated=${iso.vitePreview}` +
          ` (SharedArrayBuffer ${iso.vitePreview ? 'available' : 'unavailable'}); the one served by bench/run.mjs's plain static` +
          ` server (no COOP/COEP) reported crossOriginIsolated=${iso.plainServer}. Both serve ${browserRun.served}/` +
          `${browserRun.built ? ', built for this run because dist/ was older than the sources' : ''}.`,
      );
    } catch (e) {
      const why = /** @type {Error} */ (e).message.split('\n')[0] ?? 'failed';
      log(`Chromium part failed: ${why}`);
      notes.push(`Chromium part failed: ${why}`);
      for (const s of SHAPES.filter((x) => o.only.includes(x.key))) {
        ms.push(
          { shape: s.key, host: 'mpplay Chromium, isolated', kind: 'sab', unit: s.unit, runs: [], error: why },
          { shape: s.key, host: 'mpplay Chromium, not isolated', kind: 'nosab', unit: s.unit, runs: [], error: why },
        );
      }
    } finally {
      // Browser, preview server and static server go now (they were pushed after the temp folder's removal).
      while (cleanups.length > 1) cleanups.pop()?.();
    }
  }

  if (o.engines) {
    try {
      const { dir } = await ensureBuild(o.dist);
      const shapes = SHAPES.filter((x) => o.only.includes(x.key));
      const onCleanup = (/** @type {() => void} */ fn) => cleanups.push(fn);
      const beforeProgram = () => waitQuiet();
      const r = await measureEngines({
        dir,
        shapes,
        runs: o.runs,
        cacheDir,
        programSource,
        log,
        beforeProgram,
        onCleanup,
      });
      ms.push(...r.measurements);
      notes.push(...r.notes);
      pageFigures = { firstPaint: null, timeline: null, ...pageFigures, engines: r.pages };
    } catch (e) {
      notes.push(`Firefox/WebKit part failed: ${/** @type {Error} */ (e).message.split('\n')[0]}`);
    } finally {
      while (cleanups.length > 1) cleanups.pop()?.();
    }
  }

  /** @type {string[]} */
  let startupLines = [];
  if (o.startup) {
    try {
      const { dir } = o.browser ? await ensureBuild(o.dist) : { dir: '' };
      const r = await measureStartupAndStop({
        dist: dir,
        tmp,
        log,
        python: o.python,
        node: o.node,
        browser: o.browser,
      });
      startupLines = startupAndStopSection(r);
    } catch (e) {
      notes.push(`Start-up and Stop part failed: ${/** @type {Error} */ (e).message.split('\n')[0]}`);
    }
  }

  const rows = buildRows(ordered(ms));
  const flagged = rows.filter((r) => r.kind.startsWith('cpython') && r.note);
  if (flagged.length) {
    notes.push(
      'bench_mp.py flags a CPython run as disturbed when other processes used more than 0.1 core during it (it' +
        ' waits ≤ 3 s for a quiet machine before each run and does not re-run here); flagged runs are kept, and their' +
        ' rows say how many.',
    );
  }

  if (quietLog.waits) {
    notes.push(
      `Before each mpplay program the bench waited up to 3 s for a quiet machine (all processes, its own idle page` +
        ` included, using less than 0.2 cores over a second, as bench_mp.py does before each CPython run): it found one ${quietLog.quiet} of` +
        ` ${quietLog.waits} times. The mpplay figures are not checked for disturbance during the run: read the load averages.`,
    );
  }

  /** @type {Profiled[]} */
  const profiles = [];
  if (o.profile) {
    const missed = rows.filter(
      (r) => r.verdict === 'MISS' || (o.profileAll && r.kind !== 'transport' && !r.kind.startsWith('cpython')),
    );
    /** @param {(r: Row) => boolean} where */
    const shapesWhere = (where) => [...new Set(missed.filter(where).map((r) => /** @type {ShapeKey} */ (r.shape)))];
    for (const shape of shapesWhere((r) => r.host === 'mpplay Node')) {
      log(`profiling mpplay on Node: ${shape}`);
      profiles.push(await profileNode(shape, tmp));
    }
    // The same page code runs with and without isolation: profile each missed shape once, isolated if it missed there.
    const missedIsolated = shapesWhere((r) => r.host === 'mpplay Chromium, isolated');
    const targets = [
      { isolated: true, shapes: missedIsolated },
      {
        isolated: false,
        shapes: shapesWhere((r) => r.host === 'mpplay Chromium, not isolated').filter(
          (s) => !missedIsolated.includes(s),
        ),
      },
    ].filter((t) => t.shapes.length);
    if (targets.length) {
      try {
        profiles.push(...(await profileBrowser(targets, (fn) => cleanups.push(fn))));
      } catch (e) {
        notes.push(`Profiling in Chromium failed: ${/** @type {Error} */ (e).message.split('\n')[0]}`);
      } finally {
        while (cleanups.length > 1) cleanups.pop()?.();
      }
    }
  }

  const loadAfter = loadavg();
  log(`load average after: ${loadAfter}`);
  const cpu = os.cpus();
  const gitHead = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', 'src'], {
    cwd: root,
    encoding: 'utf8',
  }).stdout.trim();
  const facts = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: `${cpu.length} cores (${cpu[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}`,
    'load average (1/5/15 min)': `${loadBefore} before, ${loadAfter} after`,
    versions: `Node ${process.version}, ${python ? `Python ${python}` : 'python3: not run'}, Chromium ${chromium}`,
    'mpplay commit': `${gitHead || '?'}${dirty ? ' (src/ had uncommitted changes by other work in progress)' : ''}`,
    'bench duration': `${((Date.now() - started) / 1000).toFixed(0)} s`,
  };
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;

  const table = await prettierFormat(markdownTable(rows), join(root, 'table.md'));
  console.log(`\n${table}`);
  const overheads = overheadMarkdown(traceOverheads(rows));
  if (overheads) console.log(`\n${await prettierFormat(overheads, join(root, 'table.md'))}`);
  if (startupLines.length) console.log(`\n${await prettierFormat(startupLines.join('\n'), join(root, 'table.md'))}`);
  for (const n of notes) console.log(`- ${n}`);
  if (o.out) {
    const doc = renderDoc({
      rows,
      o,
      facts,
      command,
      notes,
      profiles,
      analysis: keptAnalysis(o.out),
      pageFigures,
      exploreSection,
      extra: startupLines,
    });
    mkdirSync(dirname(o.out), { recursive: true });
    writeFileSync(o.out, await prettierFormat(doc, o.out));
    log(`wrote ${relative(root, o.out)} in ${facts['bench duration']}`);
  }
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : e}`);
  process.exitCode = 1;
});
