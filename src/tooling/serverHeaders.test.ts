// `npm start` and `npm run preview` (the real vite.config.ts) send the headers on every response: 200s and 304s.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { ISOLATION_HEADERS } from './serverHeaders';

const root = resolve(import.meta.dirname, '../..');
const configFile = join(root, 'vite.config.ts');

/** GETs `url` twice, the second time revalidating with the first answer's ETag. */
async function twice(url: string): Promise<[Response, Response]> {
  const first = await fetch(url);
  await first.arrayBuffer();
  const etag = first.headers.get('etag');
  expect(etag, `${url} has no ETag to revalidate with`).toBeTruthy();
  const second = await fetch(url, { headers: { 'if-none-match': etag! } });
  await second.arrayBuffer();
  return [first, second];
}

function expectIsolation(r: Response, what: string): void {
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) {
    expect(r.headers.get(name), `${what}: ${name}`).toBe(value);
  }
}

const address = (s: { resolvedUrls: { local: string[] } | null }) => s.resolvedUrls!.local[0]!.replace(/\/$/, '');

describe('vite preview (npm run preview)', () => {
  let server: PreviewServer;
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mpplay-headers-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(dir, 'assets', 'w.js'), 'postMessage(1);');
    server = await preview({
      configFile,
      root,
      logLevel: 'silent',
      build: { outDir: dir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends COOP/COEP/CORP on a 200 and on the 304 that revalidates it, for pages and scripts', async () => {
    for (const path of ['/', '/assets/w.js']) {
      const [first, second] = await twice(`${address(server)}${path}`);
      expect(first.status).toBe(200);
      expect(second.status).toBe(304);
      expectIsolation(first, `200 ${path}`);
      expectIsolation(second, `304 ${path}`);
    }
  });
});

describe('the dev server (npm start)', () => {
  let server: ViteDevServer;
  beforeAll(async () => {
    server = await createServer({
      configFile,
      root,
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, ws: false },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    await server.listen();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends COOP/COEP/CORP on a 200 and on the 304 that revalidates it', async () => {
    const [first, second] = await twice(`${address(server)}/src/hosts/clock.ts`);
    expect(first.status).toBe(200);
    expect(second.status).toBe(304);
    expectIsolation(first, '200');
    expectIsolation(second, '304');
  });
});
