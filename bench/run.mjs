#!/usr/bin/env node
// @ts-check
/* global process, console */
// `npm run bench`: CPython's multiprocessing, mpplay on Node and mpplay in headless Chromium (with and without
// cross-origin isolation), side by side in one run, plus the bare transports; prints the table and writes
// docs/BENCHMARKS.md. Run `node bench/run.mjs --help` for the options. Not part of `npm test`.
// This file runs the parts in turn; each part is a module: options.mjs, python.mjs, node.mjs, chromium.mjs,
// engines.mjs, startup/, explore.mjs, and report.mjs writes the doc.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { ensureBuild } from './build.mjs';
import { profileBrowser, runBrowser } from './chromium.mjs';
import { loadavg, log, quietLog } from './common.mjs';
import { measureEngines } from './engines.mjs';
import { exploreMarkdown, measureExplore } from './explore.mjs';
import { cacheDir, root } from './local.mjs';
import { profileNode, runNode } from './node.mjs';
import { parseArgs } from './options.mjs';
import { runPython } from './python.mjs';
import { keptAnalysis, ordered, prettierFormat, renderDoc } from './report.mjs';
import { measureStartupAndStop, startupAndStopSection } from './startup/browser.mjs';
import { overheadMarkdown, traceOverheads } from './overhead.mjs';
import { SHAPES, buildRows, failedRows, markdownTable } from './table.mjs';

/**
 * @typedef {import('./table.mjs').Measurement} Measurement
 * @typedef {import('./table.mjs').ShapeKey} ShapeKey
 * @typedef {import('./table.mjs').Row} Row
 * @typedef {import('./options.mjs').BenchOptions} BenchOptions
 * @typedef {import('./profile.mjs').Profiled} Profiled
 */

async function main() {
  /** @type {BenchOptions} */
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
  /** @type {import('./explore.mjs').ExploreResult | null} */
  let exploreNode = null;
  if (o.node) {
    try {
      log('controlled runs: explore the lock-counter without its lock, and an exhaustive search');
      exploreNode = await measureExplore(Math.max(15, o.runs * 5));
    } catch (e) {
      notes.push(`Controlled runs: ${/** @type {Error} */ (e).message.split('\n')[0]}`);
    }
  }

  /** @type {ReturnType<typeof ensureBuild> | null} */
  let build = null;
  // The page every browser part serves, resolved once (each resolution walks src/, and may build it): a failure
  // fails each part that asks, as its own would.
  const pageBuild = () => (build ??= ensureBuild(o.dist));
  /** @type {{ firstPaint: unknown; timeline: unknown; engines?: unknown } | null} */
  let pageFigures = null;
  if (o.browser) {
    try {
      const browserRun = await runBrowser(o, await pageBuild(), (fn) => cleanups.push(fn));
      ms.push(...browserRun.measurements);
      chromium = browserRun.chromium;
      pageFigures = browserRun.page;
      for (const err of browserRun.page.errors) notes.push(`Page figures: ${err}`);
      const iso = browserRun.isolated;
      notes.push(
        `Chromium pages: the one served by \`vite preview\` (COOP/COEP headers) reported crossOriginIsolated=${iso.vitePreview}` +
          ` (SharedArrayBuffer ${iso.vitePreview ? 'available' : 'unavailable'}); the one served by bench/local.mjs's plain` +
          ` static server (no COOP/COEP) reported crossOriginIsolated=${iso.plainServer}. Both serve ${browserRun.served}/` +
          `${browserRun.built ? ', built for this run because dist/ was older than the sources' : ''}.`,
      );
    } catch (e) {
      const why = /** @type {Error} */ (e).message.split('\n')[0] ?? 'failed';
      log(`Chromium part failed: ${why}`);
      notes.push(`Chromium part failed: ${why}`);
      const shapes = SHAPES.filter((x) => o.only.includes(x.key));
      ms.push(
        ...failedRows(shapes, 'mpplay Chromium, isolated', 'sab', why),
        ...failedRows(shapes, 'mpplay Chromium, not isolated', 'nosab', why),
      );
    } finally {
      // Browser, preview server and static server go now (they were pushed after the temp folder's removal).
      while (cleanups.length > 1) cleanups.pop()?.();
    }
  }

  if (o.engines) {
    try {
      const { dir } = await pageBuild();
      const shapes = SHAPES.filter((x) => o.only.includes(x.key));
      const onCleanup = (/** @type {() => void} */ fn) => cleanups.push(fn);
      const r = await measureEngines({ dir, shapes, runs: o.runs, onCleanup });
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
      const { dir } = o.browser ? await pageBuild() : { dir: '' };
      const r = await measureStartupAndStop({
        dist: dir,
        tmp,
        log,
        python: o.python,
        node: o.node,
        browser: o.browser,
        onCleanup: (fn) => cleanups.push(fn),
      });
      startupLines = startupAndStopSection(r);
    } catch (e) {
      notes.push(`Start-up and Stop part failed: ${/** @type {Error} */ (e).message.split('\n')[0]}`);
    } finally {
      while (cleanups.length > 1) cleanups.pop()?.();
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
  // Node's figures and, when the browser part ran, the page's Explore… rate in Chromium.
  const exploreInPage = /** @type {{ explore?: import('./explore/page.mjs').PageExploreRate | null } | null} */ (
    pageFigures
  )?.explore;
  const exploreSection = exploreNode || exploreInPage ? exploreMarkdown(exploreNode, exploreInPage ?? null) : '';

  console.log(`\n${table}`);
  const overheads = overheadMarkdown(traceOverheads(rows));
  if (overheads) console.log(`\n${await prettierFormat(overheads, join(root, 'table.md'))}`);
  if (startupLines.length) console.log(`\n${await prettierFormat(startupLines.join('\n'), join(root, 'table.md'))}`);
  if (exploreSection) console.log(`\n${await prettierFormat(exploreSection, join(root, 'table.md'))}`);
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
