// Static deployment: the built folder works from a sub-path of a plain static server, with and without the isolation headers.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
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

/** One request the static server answered. */
interface Served {
  path: string;
  status: number;
  /** What the browser fetched it as (`Sec-Fetch-Dest`): `worker` for a worker's main script. */
  dest: string;
}

/**
 * A static server of dist/ under PREFIX, like a sub-folder of GitHub Pages or any web server. With `revalidate`,
 * it behaves as `vite preview` did: `Cache-Control: no-cache` and an ETag, and a matching `If-None-Match` gets a
 * bare 304, without `headers` (which only full 200 responses carry).
 */
function serveDist(
  headers: Record<string, string>,
  { revalidate = false } = {},
): Promise<{ server: Server; base: string; log: Served[] }> {
  const log: Served[] = [];
  const server = createServer((req, res) => {
    const answer = res.writeHead.bind(res) as (status: number, h?: Record<string, string>) => ServerResponse;
    res.writeHead = ((status: number, h?: Record<string, string>) => {
      log.push({ path: req.url ?? '', status, dest: String(req.headers['sec-fetch-dest'] ?? '') });
      return answer(status, h);
    }) as typeof res.writeHead;
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
    const st = statSync(file);
    const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
    if (revalidate && req.headers['if-none-match'] === etag) {
      res.writeHead(304).end();
      return;
    }
    const caching = revalidate ? { 'cache-control': 'no-cache', etag } : {};
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...caching, ...headers });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFIX}`, log }),
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

test('worker scripts load under any caching: headers on 200s only and bare 304s still give every worker of every Run', async ({
  page,
}) => {
  const { server, base, log } = await serveDist(ISOLATION, { revalidate: true });
  try {
    await page.goto(`${base}?example=join-after-loop&speed=10`);
    await expect(page.locator('.monaco-editor').first()).toBeVisible();
    for (let i = 0; i < 3; i++) {
      // The second and third Runs follow a reload: every file the page loads again is revalidated (304).
      if (i > 0) {
        await page.reload();
        await expect(page.locator('.monaco-editor').first()).toBeVisible();
      }
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await page.getByTestId('run').click();
      expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 0 });
      const text = await terminalText(page);
      for (let c = 0; c < 5; c++) expect(text).toContain(`Child process ${c}`);
      await page.getByTestId('run').click(); // and a Run in the same page, on workers booted ahead
      expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 0 });
      for (let c = 0; c < 5; c++) expect(await terminalText(page)).toContain(`Child process ${c}`);
    }
    expect(log.filter((r) => r.status === 304).length).toBeGreaterThan(0);
    // No kernel or process worker is ever fetched as a worker script (where a bare 304 would break it in
    // WebKit): they start from Blob URLs. Only Monaco's own editor workers are loaded by URL.
    expect(log.filter((r) => r.dest === 'worker' && !/\/(editor|ts)\.worker-[^/]*\.js$/.test(r.path))).toEqual([]);
  } finally {
    await new Promise((r) => server.close(r));
  }
});
