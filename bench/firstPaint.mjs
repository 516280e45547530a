#!/usr/bin/env node
// @ts-check
/* global process, console, URL, setTimeout, performance */
// First paint, an editable editor and JavaScript bytes (gzip) for the full page and for embeds, in headless
// Chromium against `vite preview` of the build. `node bench/firstPaint.mjs [--runs N] [--json]`; bench/run.mjs
// can also import measureFirstPaint() and firstPaintMarkdown(). Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import { cacheDir, launchChromium, root, startPreview, vite } from './local.mjs';

/** How long the network must be quiet before a page counts as loaded (the TS worker arrives late). */
const QUIET_MS = 1500;
const PAGE_TIMEOUT_MS = 60_000;

/**
 * The pages measured: the playground, and the embed read-only (the blog default) and editable.
 * `editor` says whether the page ends with an editable Monaco (its mount sets `mpplay:editor-ready`).
 */
export const SCENARIOS = [
  { key: 'page', label: 'full page (`/`)', path: '?example=join-after-loop', editor: true },
  {
    key: 'embed-ro',
    label: 'embed, read-only (`embed.html`)',
    path: 'embed.html?example=join-after-loop',
    editor: false,
  },
  {
    key: 'embed-edit',
    label: 'embed, editable (`embed.html?editable=1`)',
    path: 'embed.html?example=join-after-loop&editable=1',
    editor: true,
  },
];

/**
 * @typedef {{ fcpMs: number | null; codeMs: number | null; editorMs: number | null; jsGzip: number; jsRaw: number;
 *   jsFiles: number; tsWorker: boolean }} Sample
 * @typedef {{ key: string; label: string; runs: number } & Sample} Result
 */

/** @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] ?? 0) : 0;
}

/**
 * Loads one page in a fresh context (cold cache) and measures it.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {boolean} editor
 * @returns {Promise<Sample>}
 */
async function sample(browser, url, editor) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  /** @type {Map<string, Promise<Buffer | null>>} */
  const scripts = new Map();
  let lastNetwork = Date.now();
  let inFlight = 0;
  page.on('request', () => {
    inFlight++;
    lastNetwork = Date.now();
  });
  const settle = () => {
    inFlight--;
    lastNetwork = Date.now();
  };
  page.on('requestfailed', settle);
  page.on('requestfinished', (req) => {
    settle();
    const u = new URL(req.url());
    if (!u.pathname.endsWith('.js') || scripts.has(u.pathname)) return;
    scripts.set(
      u.pathname,
      req.response().then((r) => (r ? r.body().catch(() => null) : null)),
    );
  });
  await page.goto(url, { timeout: PAGE_TIMEOUT_MS });
  // The read-only code view is the first thing with the program in it; Monaco, when asked for, mounts later.
  await page.waitForFunction(() => performance.getEntriesByName('mpplay:code-shown').length > 0, null, {
    timeout: PAGE_TIMEOUT_MS,
  });
  if (editor)
    await page.waitForFunction(() => performance.getEntriesByName('mpplay:editor-ready').length > 0, null, {
      timeout: PAGE_TIMEOUT_MS,
    });
  const t0 = Date.now();
  while (Date.now() - t0 < PAGE_TIMEOUT_MS && (inFlight > 0 || Date.now() - lastNetwork < QUIET_MS))
    await new Promise((r) => setTimeout(r, 100));
  const marks = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    editor: performance.getEntriesByName('mpplay:editor-ready')[0]?.startTime ?? null,
    code: performance.getEntriesByName('mpplay:code-shown')[0]?.startTime ?? null,
  }));
  let jsGzip = 0;
  let jsRaw = 0;
  let jsFiles = 0;
  for (const body of await Promise.all(scripts.values())) {
    if (!body) continue;
    jsFiles++;
    jsRaw += body.length;
    jsGzip += gzipSync(body, { level: 9 }).length;
  }
  const tsWorker = [...scripts.keys()].some((p) => /ts\.worker/.test(p));
  await context.close();
  return { fcpMs: marks.fcp, codeMs: marks.code, editorMs: marks.editor, jsGzip, jsRaw, jsFiles, tsWorker };
}

/**
 * Measures every scenario `runs` times against a served build at `base` (ending in '/'); medians per scenario.
 * @param {import('playwright-core').Browser} browser
 * @param {string} base
 * @param {number} runs
 * @returns {Promise<Result[]>}
 */
export async function measureFirstPaint(browser, base, runs) {
  /** @type {Result[]} */
  const out = [];
  for (const s of SCENARIOS) {
    /** @type {Sample[]} */
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await sample(browser, base + s.path, s.editor));
    const med = (/** @type {(x: Sample) => number | null} */ f) => {
      const xs = samples.map(f).filter((x) => x !== null);
      return xs.length ? median(/** @type {number[]} */ (xs)) : null;
    };
    out.push({
      key: s.key,
      label: s.label,
      runs,
      fcpMs: med((x) => x.fcpMs),
      codeMs: med((x) => x.codeMs),
      editorMs: med((x) => x.editorMs),
      jsGzip: med((x) => x.jsGzip) ?? 0,
      jsRaw: med((x) => x.jsRaw) ?? 0,
      jsFiles: med((x) => x.jsFiles) ?? 0,
      tsWorker: samples.some((x) => x.tsWorker),
    });
  }
  return out;
}

/** @param {number | null} ms */
const fmtMs = (ms) => (ms === null ? '—' : `${Math.round(ms)} ms`);
/** @param {number} bytes */
const fmtKb = (bytes) => `${(bytes / 1024).toLocaleString('en', { maximumFractionDigits: 0 })} kB`;

/**
 * The results as a Markdown table (for docs/BENCHMARKS.md).
 * @param {Result[]} results
 */
export function firstPaintMarkdown(results) {
  const lines = [
    '| page | first contentful paint | code shown (read-only) | editable editor | JS fetched (gzip -9) | JS raw | JS files | TS worker loaded |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
  ];
  for (const r of results)
    lines.push(
      `| ${r.label} | ${fmtMs(r.fcpMs)} | ${fmtMs(r.codeMs)} | ${fmtMs(r.editorMs)} | ${fmtKb(r.jsGzip)} | ${fmtKb(r.jsRaw)} | ${r.jsFiles} | ${r.tsWorker ? 'yes' : 'no'} |`,
    );
  return lines.join('\n');
}

// ------------------------------------------------------------------------------------------------ the CLI

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log('Usage: node bench/firstPaint.mjs [--runs N] [--json] [--no-build]');
    return;
  }
  // A build of its own, so a `vite build` of dist/ running meanwhile (the gate, another checkout user) cannot
  // swap the files under the measurement.
  const outDir = join(cacheDir, 'dist-firstpaint');
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1]) || 3) : 3;
  if (!args.includes('--no-build') || !existsSync(join(outDir, 'embed.html'))) {
    const b = spawnSync(vite, ['build', '--logLevel', 'error', '--emptyOutDir', '--outDir', outDir], {
      cwd: root,
      stdio: 'inherit',
    });
    if (b.status !== 0) throw new Error('vite build failed');
  }
  const preview = await startPreview({ dir: outDir });
  const base = `${preview.base}/`;
  try {
    const { browser } = await launchChromium();
    try {
      const results = await measureFirstPaint(browser, base, runs);
      if (args.includes('--json')) console.log(JSON.stringify({ chromium: browser.version(), runs, results }));
      else {
        console.log(
          `First paint, editor and JS bytes: Chromium ${browser.version()}, vite preview, median of ${runs}\n`,
        );
        console.log(firstPaintMarkdown(results));
      }
    } finally {
      await browser.close();
    }
  } finally {
    preview.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
