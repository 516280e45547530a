// @ts-check
/* global process, setTimeout, fetch, URL */
// Helpers the bench scripts share (run.mjs and its parts, engines.mjs, firstPaint.mjs, timeline.mjs, startup/):
// where the checkout, its vite and its bench cache are, a free local port, the built page served by `vite preview` or by a plain static server, TypeScript bundled
// for Node on the fly, and the browser tests' Chromium launched with their flags.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The checkout the bench runs in. */
export const root = dirname(dirname(fileURLToPath(import.meta.url)));
/** Its own vite. */
export const vite = join(root, 'node_modules', '.bin', 'vite');
/**
 * The bench's cache (builds, bundles), one per checkout: git worktrees may share node_modules, and a build
 * another checkout made later than our sources changed would pass for fresh here and be measured in place of ours.
 */
export const cacheDir = join(
  root,
  'node_modules',
  '.cache',
  'mpplay-bench',
  `checkout-${createHash('sha256').update(root).digest('hex').slice(0, 10)}`,
);
export const HOST = '127.0.0.1';

/** @returns {Promise<number>} a free TCP port on 127.0.0.1 */
export function freePort() {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, HOST, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => done(port));
    });
  });
}

/**
 * A TypeScript entry of this repository compiled for Node 20 (which runs no TypeScript) into `cacheDir`, and
 * imported. `bundle`: its own imports bundled in (packages stay external), else the one file alone.
 * @param {{ entry: string; cacheDir: string; outName: string; bundle: boolean }} o `entry` relative to the root
 * @returns {Promise<any>}
 */
export async function importTypeScript({ entry, cacheDir, outName, bundle }) {
  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, outName);
  await build({
    entryPoints: [join(root, entry)],
    outfile,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle,
    ...(bundle ? { packages: /** @type {const} */ ('external') } : {}),
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}

/**
 * e2e/chromium.ts's resolver and flags, bundled on the fly into the checkout's cache.
 * @returns {Promise<{ findChromium(): Promise<{ path: string; from: string }>; CHROMIUM_ARGS: string[] }>}
 */
async function loadChromiumFinder() {
  return importTypeScript({ entry: join('e2e', 'chromium.ts'), cacheDir, outName: 'chromium.mjs', bundle: false });
}

/**
 * Launches Chromium as the browser tests do: e2e/chromium.ts's binary and flags, never @sparticuz's own args.
 * @param {(fn: () => void) => void} [onCleanup] given: the browser is closed by the caller's cleanup if not before
 * @returns {Promise<{ browser: import('playwright-core').Browser; version: string }>}
 */
export async function launchChromium(onCleanup) {
  const { findChromium, CHROMIUM_ARGS } = await loadChromiumFinder();
  const found = await findChromium();
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS, headless: true });
  onCleanup?.(() => void browser.close().catch(() => {}));
  return { browser, version: `${browser.version()} (${found.from})` };
}

/**
 * Waits until `url` answers 200; throws after `timeoutMs`.
 * @param {string} url
 * @param {number} timeoutMs
 */
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

/**
 * Serves a build with `vite preview` (its COOP/COEP headers make the page cross-origin isolated) on a free port,
 * in its own process group so that `stop()` takes any child along, and waits until it answers.
 * @param {{ dir?: string; timeoutMs?: number }} [o] `dir`: the build (default vite's own, dist/)
 * @returns {Promise<{ base: string; first: Response; stop: () => void }>} `base` ends without `/`
 */
export async function startPreview({ dir, timeoutMs = 30_000 } = {}) {
  const port = await freePort();
  const args = ['preview', '--host', HOST, '--port', String(port), '--strictPort', ...(dir ? ['--outDir', dir] : [])];
  const server = spawn(vite, args, { cwd: root, stdio: 'ignore', detached: true });
  const stop = () => {
    try {
      if (server.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
    } catch {
      // gone already
    }
  };
  const base = `http://${HOST}:${port}`;
  try {
    const first = await waitForHttp(`${base}/`, timeoutMs);
    return { base, first, stop };
  } catch (e) {
    stop();
    throw new Error(`vite preview did not start: ${/** @type {Error} */ (e).message}`, { cause: e });
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
 * A plain static server of a built page without COOP/COEP: the page is then not cross-origin isolated, like
 * an embed in a blog (no SharedArrayBuffer). It listens on a free port (port 0) of 127.0.0.1.
 * @param {string} dir
 * @param {Record<string, string>} [headers] on every response (COOP/COEP to serve it isolated after all)
 * @returns {Promise<{ base: string; close: () => void }>} `base` ends without `/`, as startPreview's
 */
export function staticServer(dir, headers = {}) {
  const server = createHttpServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = resolve(dir, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, headers).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((done, fail) => {
    server.on('error', fail);
    server.listen(0, HOST, () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      done({ base: `http://${HOST}:${port}`, close: () => void server.close() });
    });
  });
}
