// @ts-check
// Helpers the bench scripts share (run.mjs, firstPaint.mjs, timeline.mjs): a free local port, and the
// browser tests' Chromium resolver and flags.
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
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
 * e2e/chromium.ts's resolver and flags, bundled on the fly (Node 20 runs no TypeScript).
 * @param {string} cacheDir where the bundle goes
 * @returns {Promise<{ findChromium(): Promise<{ path: string; from: string }>; CHROMIUM_ARGS: string[] }>}
 */
export async function loadChromiumFinder(cacheDir = join(root, 'node_modules', '.cache', 'mpplay-bench')) {
  const { build } = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, 'chromium.mjs');
  await build({
    entryPoints: [join(root, 'e2e', 'chromium.ts')],
    outfile,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    bundle: false,
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}
