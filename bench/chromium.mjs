// @ts-check
/* global URL, setTimeout */
// The rows of mpplay in headless Chromium in `npm run bench`: every benchmark program on the built page served
// cross-origin isolated (vite preview) and not (a plain static server), the bare worker pair on each, the
// page figures (first paint, the timeline), and the programs profiled through a trace.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ensureUnminifiedBuild } from './build.mjs';
import {
  COI_HEADERS,
  PROGRAM_TIMEOUT_MS,
  TRANSPORT_RT,
  lastLine,
  log,
  overheadPairs,
  programSource,
  readText,
  waitQuiet,
  withTimeout,
} from './common.mjs';
import { measureExploreInPage } from './explore/page.mjs';
import { measureFirstPaint } from './firstPaint.mjs';
import { launchChromium, root, startPreview, staticServer } from './local.mjs';
import {
  PROCESS_LABELS,
  annotateModules,
  busiestPerLabel,
  pageThreadLabel,
  profilesFromTrace,
  summariseCpuProfile,
} from './profile.mjs';
import { leanHost } from './overhead.mjs';
import { BARE_ATOMICS, BARE_POSTMESSAGE, SHAPES, failedRows, fmt, parseBenchLine } from './table.mjs';
import { measureTimeline } from './timeline.mjs';
import { measurePair } from './transport/pair.mjs';

/**
 * @typedef {import('./table.mjs').Measurement} Measurement
 * @typedef {import('./table.mjs').ShapeKey} ShapeKey
 * @typedef {import('./options.mjs').BenchOptions} BenchOptions
 * @typedef {import('./profile.mjs').Profiled} Profiled
 * @typedef {import('./explore/page.mjs').PageExploreRate} PageExploreRate
 */

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
 * Runs every benchmark program on one served page, then the bare worker pair on the same origin.
 * @param {import('playwright-core').Browser} browser
 * @param {{ base: string; wantIsolated: boolean }} variant
 * @param {BenchOptions} o
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
    const missing = shapes.filter((x) => !out.some((m) => m.shape === x.key));
    out.push(...failedRows(missing, `mpplay Chromium, ${label}`, variant.wantIsolated ? 'sab' : 'nosab', why));
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
 * @param {BenchOptions} o
 * @param {{ dir: string; built: boolean }} build the page to serve (build.mjs's ensureBuild)
 * @param {(fn: () => void) => void} onCleanup
 */
export async function runBrowser(o, { dir, built }, onCleanup) {
  const preview = await startPreview({ dir });
  onCleanup(preview.stop);
  const plain = await staticServer(dir);
  onCleanup(plain.close);
  log(`vite preview of ${relative(root, dir)} at ${preview.base}; plain static server at ${plain.base}`);
  if (preview.first.headers.get('cross-origin-embedder-policy') !== 'require-corp') {
    log('vite preview sent no COEP header: its page will not be cross-origin isolated');
  }

  const { browser, version } = await launchChromium(onCleanup);
  log(`Chromium ${version}`);
  const isolatedRun = await runPage(browser, { base: preview.base, wantIsolated: true }, o);
  const plainRun = await runPage(browser, { base: plain.base, wantIsolated: false }, o);
  // Issue 6's page figures and issue 5's chart frame times, on the same served build and the same browser.
  /** @type {{ firstPaint: unknown; timeline: unknown; explore: PageExploreRate | null; errors: string[] }} */
  const page = { firstPaint: null, timeline: null, explore: null, errors: [] };
  const base = `${preview.base}/`;
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
  try {
    log('controlled runs in the page: Explore… on the lock-counter without its lock');
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const explorePage = await openApp(context, preview.base);
    page.explore = await measureExploreInPage(explorePage, Math.max(20, o.runs * 8));
    await context.close();
  } catch (e) {
    page.errors.push(`explore in the page: ${/** @type {Error} */ (e).message.split('\n')[0]}`);
  }
  log('closing Chromium');
  await browser.close();
  preview.stop();
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
export async function profileBrowser(targets, onCleanup) {
  const dir = await ensureUnminifiedBuild();
  const { browser } = await launchChromium(onCleanup);
  /** @type {Profiled[]} */
  const out = [];
  try {
    for (const t of targets) {
      const where = `Chromium, ${t.isolated ? 'isolated' : 'not isolated'}`;
      const { base, close } = await staticServer(dir, t.isolated ? COI_HEADERS : {});
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
        close();
      }
    }
  } finally {
    await browser.close().catch(() => {});
  }
  return out;
}
