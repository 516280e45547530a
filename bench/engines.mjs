// @ts-check
/* global performance */
// Firefox and WebKit rows for `npm run bench` (issue 13.3): Queue 1→1, Pipe round trip and 200 processes on the
// cross-origin-isolated page, and first paint / editable editor, through the cross-engine suite's drivers
// (engines/, bundled on the fly). bench/run.mjs registers it; the Chromium rows stay its own.
import { join } from 'node:path';
import { lastLine, log, programSource, waitQuiet } from './common.mjs';
import { cacheDir, importTypeScript, startPreview } from './local.mjs';
import { failedRows, fmt, parseBenchLine } from './table.mjs';

/** The engines measured here, and the name of their rows. */
export const ENGINE_ROWS = /** @type {const} */ ([
  { engine: 'firefox', host: 'mpplay Firefox, isolated', label: 'Firefox' },
  { engine: 'webkit', host: 'mpplay WebKit, isolated', label: 'WebKit' },
]);
/** The shapes issue 13.3 asks for in every engine (the Pool shapes stay Chromium and Node only). */
export const ENGINE_SHAPES = /** @type {const} */ (['queue', 'pipe', 'processes']);
const PROGRAM_TIMEOUT_MS = 120_000;

/**
 * engines/index.ts bundled for Node 20 (which runs no TypeScript); its packages stay external.
 * @returns {Promise<any>}
 */
function loadEngines() {
  return importTypeScript({ entry: join('engines', 'index.ts'), cacheDir, outName: 'engines.mjs', bundle: true });
}

/**
 * @typedef {import('./table.mjs').Measurement} Measurement
 * @typedef {{ label: string; version: string; runs: number; fcpMs: number | null; codeMs: number | null;
 *   editorMs: number | null; error?: string }} EnginePage
 * @typedef {{
 *   dir: string; shapes: { key: import('./table.mjs').ShapeKey; unit: string }[]; runs: number;
 *   onCleanup: (fn: () => void) => void;
 * }} EngineBenchOptions
 */

/** @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] ?? null) : null;
}

/**
 * Serves `dir` with `vite preview` (COOP/COEP: the isolated page) and measures every engine there.
 * @param {EngineBenchOptions} o
 * @returns {Promise<{ measurements: Measurement[]; pages: EnginePage[]; notes: string[] }>}
 */
export async function measureEngines(o) {
  const { base, stop } = await startPreview({ dir: o.dir });
  o.onCleanup(stop);
  const lib = await loadEngines();
  /** @type {Measurement[]} */
  const measurements = [];
  /** @type {EnginePage[]} */
  const pages = [];
  /** @type {string[]} */
  const notes = [];
  const shapes = o.shapes.filter((s) => /** @type {readonly string[]} */ (ENGINE_SHAPES).includes(s.key));
  try {
    for (const row of ENGINE_ROWS) {
      const r = await measureOne(lib, row, base, shapes, o);
      measurements.push(...r.measurements);
      pages.push(r.page);
      notes.push(...r.notes);
    }
  } finally {
    stop();
  }
  return { measurements, pages, notes };
}

/**
 * @param {any} lib the bundled engines/index.ts
 * @param {(typeof ENGINE_ROWS)[number]} row
 * @param {string} base
 * @param {EngineBenchOptions['shapes']} shapes
 * @param {EngineBenchOptions} o
 */
async function measureOne(lib, row, base, shapes, o) {
  /** @type {Measurement[]} */
  const measurements = [];
  /** @type {string[]} */
  const notes = [];
  /** @type {EnginePage} */
  const page = { label: row.label, version: '?', runs: o.runs, fcpMs: null, codeMs: null, editorMs: null };
  /** @param {string} why */
  const failAll = (why) => {
    const missing = shapes.filter((x) => !measurements.some((m) => m.shape === x.key));
    measurements.push(...failedRows(missing, row.host, 'sab', why));
    page.error ??= why;
  };
  let engine;
  try {
    engine = await lib.launchEngine(row.engine);
  } catch (e) {
    const why = /** @type {Error} */ (e).message.split('\n')[0] ?? 'failed';
    log(`${row.label}: ${why}`);
    failAll(why);
    return { measurements, page, notes };
  }
  o.onCleanup(() => void engine.close().catch(() => {}));
  try {
    const d = await engine.newPage();
    page.version = engine.version;
    log(`${row.label}: ${engine.version}`);
    notes.push(
      `${row.label} rows (bench/engines.mjs): ${engine.version}, driven as the cross-engine tests drive it, on the` +
        ` page served by \`vite preview\` (isolated); ${shapes.map((s) => s.key).join(', ')} only.`,
    );
    await lib.openApp(d, `${base}/`);
    const facts = await d.evaluate(() => ({ isolated: globalThis.crossOriginIsolated, sab: typeof SharedArrayBuffer }));
    if (!facts.isolated || facts.sab !== 'function')
      notes.push(
        `${row.label}: the page reported crossOriginIsolated=${facts.isolated}, SharedArrayBuffer ${facts.sab}.`,
      );
    for (const s of shapes) {
      log(`mpplay in ${row.label} (isolated): ${s.key}`);
      /** @type {Measurement} */
      const m = { shape: s.key, host: row.host, kind: 'sab', unit: s.unit, runs: [] };
      try {
        await waitQuiet(); // as before every mpplay program: a machine as quiet as CPython's runs had
        await lib.setCode(d, programSource(s.key, o.runs));
        const end = await lib.runToEnd(d, `bench ${s.key}`, PROGRAM_TIMEOUT_MS);
        const parsed = parseBenchLine(end.text);
        if (end.state.status !== 'exited' || end.state.exitCode !== 0 || !parsed)
          throw new Error(`run ended ${end.state.status} (exit code ${end.state.exitCode}): ${lastLine(end.text)}`);
        m.runs = parsed.runs;
      } catch (e) {
        m.error = /** @type {Error} */ (e).message.split('\n')[0]?.slice(0, 200);
      }
      log(`  → ${m.error ?? `${m.runs.map(fmt).join(', ')} ${s.unit}`}`);
      measurements.push(m);
    }
    await d.close();
    log(`${row.label}: first paint and editable editor, ${o.runs} cold loads`);
    Object.assign(page, await firstPaint(lib, engine, `${base}/?example=join-after-loop`, o.runs));
  } catch (e) {
    const why = /** @type {Error} */ (e).message.split('\n')[0] ?? 'failed';
    log(`${row.label} failed: ${why}`);
    failAll(why);
  } finally {
    await engine.close().catch(() => {});
  }
  return { measurements, page, notes };
}

/**
 * First contentful paint, code shown and editable editor (the page's own marks), medians over `runs` loads, each
 * in a fresh page (its own profile or context: a cold cache).
 * @param {any} lib @param {any} engine @param {string} url @param {number} runs
 */
async function firstPaint(lib, engine, url, runs) {
  /** @type {{ fcp: number | null; code: number | null; editor: number | null }[]} */
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const d = await engine.newPage();
    try {
      await d.goto(url);
      await lib.waitFor(
        () => d.evaluate(() => performance.getEntriesByName('mpplay:editor-ready').length > 0),
        'the editor did not become editable',
        60_000,
      );
      samples.push(
        await d.evaluate(() => ({
          fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
          code: performance.getEntriesByName('mpplay:code-shown')[0]?.startTime ?? null,
          editor: performance.getEntriesByName('mpplay:editor-ready')[0]?.startTime ?? null,
        })),
      );
    } finally {
      await d.close();
    }
  }
  /** @param {'fcp' | 'code' | 'editor'} k */
  const med = (k) => median(samples.map((x) => x[k]).filter((x) => x !== null));
  return { fcpMs: med('fcp'), codeMs: med('code'), editorMs: med('editor') };
}

/** @param {number | null} ms */
const fmtMs = (ms) => (ms === null ? '—' : `${Math.round(ms)} ms`);

/**
 * The first-paint figures per engine, Chromium's from firstPaint.mjs in the same run, and each as a ratio to
 * Chromium's (above 1 is slower).
 * @param {EnginePage[]} pages
 * @param {{ key: string; fcpMs: number | null; codeMs: number | null; editorMs: number | null }[] | null} chromium
 *   firstPaint.mjs's results (its `page` scenario is the same URL)
 */
export function enginePagesMarkdown(pages, chromium) {
  const c = chromium?.find((r) => r.key === 'page') ?? null;
  /** @param {number | null} v @param {number | null | undefined} ref */
  const ratio = (v, ref) => (v === null || !ref ? '' : ` (${fmt(v / ref)}×)`);
  const lines = [
    '| engine | first contentful paint | code shown (read-only) | editable editor |',
    '| --- | ---: | ---: | ---: |',
  ];
  if (c) lines.push(`| Chromium | ${fmtMs(c.fcpMs)} | ${fmtMs(c.codeMs)} | ${fmtMs(c.editorMs)} |`);
  for (const p of pages) {
    if (p.error) {
      lines.push(`| ${p.label} | error: ${p.error.replace(/\|/g, '\\|')} | | |`);
      continue;
    }
    lines.push(
      `| ${p.label} (${p.version}) | ${fmtMs(p.fcpMs)}${ratio(p.fcpMs, c?.fcpMs)} | ${fmtMs(p.codeMs)}${ratio(
        p.codeMs,
        c?.codeMs,
      )} | ${fmtMs(p.editorMs)}${ratio(p.editorMs, c?.editorMs)} |`,
    );
  }
  return lines.join('\n');
}
