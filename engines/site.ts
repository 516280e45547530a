// vitest globalSetup: the built site served by `vite preview` (as the Playwright suite serves it), once for every engine.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the built site is served, e.g. `http://127.0.0.1:41234` (no trailing slash). */
    siteBase: string;
  }
}

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const vite = join(root, 'node_modules', '.bin', 'vite');
const HOST = '127.0.0.1';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => void> {
  // The gate builds first; alone (`npm run test:engines`), build when dist/ is missing, as playwright.config.ts does.
  if (!existsSync(join(root, 'dist', 'index.html'))) {
    const b = spawnSync(vite, ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('vite build failed: the cross-engine tests need the built site (dist/)');
  }
  rmSync(join(root, 'test-results', 'engines'), { recursive: true, force: true }); // the last run's screenshots
  const port = Number(process.env['ENGINES_PORT'] ?? 0) || (await freePort());
  // Its own process group, so stopping it takes any child along (and never leaves a vite behind).
  const server = spawn(vite, ['preview', '--host', HOST, '--port', String(port), '--strictPort'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  server.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const stop = () => {
    try {
      if (server.pid && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
    } catch {
      // gone already
    }
  };
  const base = `http://${HOST}:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/`)).ok) break;
    } catch {
      // not up yet
    }
    if (server.exitCode !== null || Date.now() > until) {
      stop();
      throw new Error(`vite preview did not serve ${base}: ${stderr.trim() || `exit code ${server.exitCode}`}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  project.provide('siteBase', base);
  return stop;
}
