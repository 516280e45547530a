#!/usr/bin/env node
// @ts-check
/* global process, console, performance */
// The timeline under load: a synthetic trace of 100,000 spans over 1,000 rows drawn by the page's chart in headless
// Chromium, then panned, zoomed and scrolled with real mouse input; the median frame time (pull + draw) must stay
// within 16 ms. `node bench/timeline.mjs [--rows N] [--spans N] [--json] [--build]`; bench/run.mjs can import
// measureTimeline() and timelineMarkdown(). Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { launchChromium, root, startPreview, vite } from './local.mjs';

/** The bar: median frame time while panning and zooming. */
export const BUDGET_MS = 16;

/** A small deterministic PRNG (mulberry32), so every run draws the same trace. @param {number} seed */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A trace file with `rows` processes (MainProcess and its children), each with `spansPerRow` state spans
 * (starting, then running / sleeping / blocked in turn, then zombie), printed lines, and `flows` queue items.
 * @param {{ rows?: number; spansPerRow?: number; flows?: number; seed?: number }} [opts]
 */
export function syntheticTrace({ rows = 1000, spansPerRow = 100, flows = 2000, seed = 7 } = {}) {
  const rand = rng(seed);
  /** @type {any[]} */
  const events = [];
  /** @type {{ pid: number; from: number; to: number }[]} */
  const lives = [];
  for (let i = 0; i < rows; i++) {
    const pid = 1000 + i;
    const ppid = i === 0 ? 0 : 1000;
    let t = i === 0 ? 0 : 5 + i * 0.2;
    events.push({ at: t, kind: 'spawn', pid, ppid, name: i === 0 ? 'MainProcess' : `Process-${i}`, daemon: false });
    t += 2 + rand() * 5;
    events.push({ at: t, kind: 'start', pid, ppid });
    const from = t;
    // spansPerRow spans: starting (above), then spansPerRow - 2 states, then zombie.
    for (let k = 0; k < spansPerRow - 2; k++) {
      const kind = k % 3;
      if (kind === 0) events.push({ at: t, kind: 'running', pid, ppid, after: 'sleep' });
      else if (kind === 1) events.push({ at: t, kind: 'sleeping', pid, ppid, seconds: 0.01 });
      else {
        const on = { obj: 'Queue#1', op: 'get', label: 'Queue#1.get()', timeout: null };
        events.push({ at: t, kind: 'blocked', pid, ppid, on });
      }
      if (kind === 0 && rand() < 0.3)
        events.push({ at: t + 0.5, kind: 'output', pid, ppid, stream: 'stdout', text: `line ${k}\n` });
      t += 2 + rand() * 30;
    }
    events.push({ at: t, kind: 'exit', pid, ppid, code: 0, reason: 'returned' });
    events.push({ at: t, kind: 'zombie', pid, ppid });
    t += 5 + rand() * 20;
    events.push({ at: t, kind: 'reaped', pid, ppid, by: ppid || 0 });
    lives.push({ pid, from, to: t });
  }
  events.push({ at: 1, kind: 'object', pid: 1000, ppid: 0, obj: 'Queue#1', objKind: 'Queue', id: '1000.1' });
  let depth = 0;
  for (let item = 1; item <= flows; item++) {
    const p = lives[Math.floor(rand() * lives.length)];
    const c = lives[Math.floor(rand() * lives.length)];
    if (!p || !c) continue;
    const at = p.from + rand() * (p.to - p.from) * 0.5;
    const take = Math.max(at + 1, c.from + rand() * (c.to - c.from));
    events.push({ at, kind: 'put', pid: p.pid, ppid: 1000, obj: 'Queue#1', item, summary: `${item}`, depth: ++depth });
    events.push({ at: take, kind: 'take', pid: c.pid, ppid: 1000, obj: 'Queue#1', item, depth: --depth });
  }
  events.sort((a, b) => a.at - b.at);
  const end = events[events.length - 1]?.at ?? 0;
  return {
    format: 'mpplay-trace',
    version: 1,
    meta: { file: `synthetic-${rows}x${spansPerRow}.ts`, speed: 1, seed, startedAt: '2026-01-01T00:00:00.000Z' },
    processes: lives.map((l, i) => ({
      pid: l.pid,
      name: i ? `Process-${i}` : 'MainProcess',
      daemon: false,
      exitCode: 0,
    })),
    events,
    result: { exitCode: 0, reason: 'exited', at: end, wallMs: end },
  };
}

/** @param {number[]} xs @param {number} q */
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? 0) : 0;
}

/**
 * @typedef {{ rows: number; spans: number; events: number; loadMs: number; frames: number; medianMs: number;
 *   fullScreenMedianMs: number; p95Ms: number; maxMs: number; budgetMs: number; ok: boolean }} TimelineResult
 */

/**
 * Zooms in and out around points sweeping across the chart, drag-pans both ways and scrolls the rows, then fits;
 * returns the time of each frame drawn meanwhile.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<number[]>}
 */
async function drive(page) {
  const chart = page.getByTestId('timeline-chart');
  const box = await chart.boundingBox();
  if (!box) throw new Error('the chart is not on the page');
  const y = box.y + box.height / 2;
  await page.evaluate(() => /** @type {any} */ (globalThis).__mpplay.timelineFrames(true));
  // Zoom in (Ctrl+wheel) around points sweeping across the chart, then out again.
  await page.keyboard.down('Control');
  for (let i = 0; i < 40; i++) {
    await page.mouse.move(box.x + 250 + ((box.width - 300) * i) / 40, y);
    await page.mouse.wheel(0, -120);
    await page.waitForTimeout(16);
  }
  await page.keyboard.up('Control');
  // Drag: pan left and right, scroll the rows up and down.
  for (const dir of [1, -1, 1]) {
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + box.width / 2 - dir * i * 15, y + dir * i * 4);
    await page.mouse.up();
  }
  // The plain wheel scrolls the rows, Ctrl+wheel zooms out again.
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(16);
  }
  await page.keyboard.down('Control');
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(16);
  }
  await page.keyboard.up('Control');
  await chart.dblclick();
  await page.waitForTimeout(100);
  /** @type {number[]} */
  const times = await page.evaluate(() => /** @type {any} */ (globalThis).__mpplay.timelineFrames(true));
  return times;
}

/**
 * Loads the synthetic trace into the page's chart and drives it with the mouse: zoom in and out around moving
 * points, drag-pan in both directions, fit. Frame times come from the chart's own clock (pull + draw).
 * @param {import('playwright-core').Browser} browser
 * @param {string} base the page's URL
 * @param {{ rows?: number; spansPerRow?: number }} [opts]
 * @returns {Promise<TimelineResult>}
 */
export async function measureTimeline(browser, base, opts = {}) {
  const trace = syntheticTrace(opts);
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  try {
    await page.goto(base);
    await page.waitForFunction(
      () => typeof (/** @type {any} */ (globalThis).__mpplay?.timelineLoad) === 'function',
      null,
      {
        timeout: 60_000,
      },
    );
    const loadMs = await page.evaluate(async (t) => {
      const h = /** @type {any} */ (globalThis).__mpplay;
      const t0 = performance.now();
      await h.timelineLoad(t);
      return performance.now() - t0;
    }, trace);
    // MainProcess's 999 children start folded into one group row: unfold them, all 1,000 rows are drawn.
    await page.evaluate(() => /** @type {any} */ (globalThis).__mpplay.timelineUnfoldAll());
    await page.waitForTimeout(100);
    const drawn = await page.evaluate(() => /** @type {any} */ (globalThis).__mpplay.timeline());
    const spans = drawn.rows.reduce((/** @type {number} */ n, /** @type {any} */ r) => n + r.spans.length, 0);
    const inPage = await drive(page);
    // The worst case: the chart alone on the whole screen (about 35 rows visible at once).
    await page.addStyleTag({ content: '.timeline { position: fixed; inset: 0; z-index: 50; }' });
    await page.waitForTimeout(200);
    const full = await drive(page);
    const times = [...inPage, ...full];
    const medianMs = quantile(times, 0.5);
    return {
      rows: drawn.rows.length,
      spans,
      events: trace.events.length,
      loadMs,
      frames: times.length,
      medianMs,
      fullScreenMedianMs: quantile(full, 0.5),
      p95Ms: quantile(times, 0.95),
      maxMs: Math.max(0, ...times),
      budgetMs: BUDGET_MS,
      ok: medianMs <= BUDGET_MS,
    };
  } finally {
    await context.close();
  }
}

/** The result as a Markdown table. @param {TimelineResult} r */
export function timelineMarkdown(r) {
  const f = (/** @type {number} */ x) => x.toFixed(1);
  return [
    '| rows | spans | events | load + first draw | frames | median frame | full-screen chart | p95 | max | budget |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :--- |',
    `| ${r.rows} | ${r.spans} | ${r.events} | ${f(r.loadMs)} ms | ${r.frames} | **${f(r.medianMs)} ms** | ` +
      `${f(r.fullScreenMedianMs)} ms | ${f(r.p95Ms)} ms | ${f(r.maxMs)} ms | ${r.ok ? '✓' : '✗'} ≤ ${r.budgetMs} ms median |`,
  ].join('\n');
}

// ------------------------------------------------------------------------------------------------ the CLI

/** @param {string[]} args @param {string} name @param {number} fallback */
function numArg(args, name, fallback) {
  const at = args.indexOf(name);
  return at >= 0 ? Math.max(1, Number(args[at + 1]) || fallback) : fallback;
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    console.log('Usage: node bench/timeline.mjs [--rows N] [--spans N-per-row] [--json] [--build]');
    return;
  }
  const rows = numArg(args, '--rows', 1000);
  const spansPerRow = numArg(args, '--spans', 100);
  if (args.includes('--build') || !existsSync(join(root, 'dist', 'index.html'))) {
    const b = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('vite build failed');
  }
  const preview = await startPreview();
  const base = `${preview.base}/`;
  try {
    const { browser } = await launchChromium();
    try {
      const result = await measureTimeline(browser, base, { rows, spansPerRow });
      if (args.includes('--json')) console.log(JSON.stringify({ chromium: browser.version(), result }));
      else {
        console.log(`Timeline under load: Chromium ${browser.version()}, vite preview, 1600×1000\n`);
        console.log(timelineMarkdown(result));
      }
      if (!result.ok) process.exitCode = 1;
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
