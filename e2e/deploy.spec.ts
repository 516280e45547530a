// Static deployment: the built folder works from a sub-path of a plain static server, with and without the isolation headers.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { terminalText, waitForRunEnd } from './helpers';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
};
const PREFIX = '/teaching/mpplay/';

/** A static server of dist/ under PREFIX, like a sub-folder of GitHub Pages or any web server. */
function serveDist(headers: Record<string, string>): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(PREFIX)) {
      res.writeHead(404).end();
      return;
    }
    let file = normalize(join('dist', path.slice(PREFIX.length)));
    if (!file.startsWith('dist')) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}` }),
    ),
  );
}

const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
/** Chromium's per-document isolation: shared memory without COOP, also inside a cross-site iframe (an embed). */
const DIP = { 'Document-Isolation-Policy': 'isolate-and-require-corp', 'Cross-Origin-Resource-Policy': 'cross-origin' };

for (const [what, headers, isolated] of [
  ['with COOP/COEP', ISOLATION, true],
  ['with Document-Isolation-Policy', DIP, true],
  ['with no headers at all', {}, false],
] as const) {
  test(`npm run build's folder works from a sub-path, ${what}`, async ({ page }) => {
    const { server, base } = await serveDist(headers);
    try {
      const bad: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`);
      });
      await page.goto(`${base}?example=join-after-loop&speed=10`);
      await expect(page.locator('.monaco-editor').first()).toBeVisible();
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(isolated);
      await page.getByTestId('run').click();
      expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 0 });
      await expect.poll(() => terminalText(page)).toContain('Finished');
      await page.goto(`${base}embed.html?example=zombie&speed=10&panes=terminal`);
      await page.getByTestId('run').click();
      await expect(page.getByTestId('status')).toContainText('exit code 0');
      expect(bad).toEqual([]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
}
