// public/_headers and the servers that send it: parsing and matching, the inline-script hashes it allows, and
// `npm start` / `npm run preview` (the real vite.config.ts) sending it on every response, 200s and 304s alike.
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, preview, type PreviewServer, type ViteDevServer } from 'vite';
import { devPolicy, headersFor, parseHeadersFile, type HeaderRule } from './serverHeaders';

const root = resolve(import.meta.dirname, '../..');
const configFile = join(root, 'vite.config.ts');
let rules: HeaderRule[] = [];
beforeAll(async () => {
  rules = parseHeadersFile(await readFile(join(root, 'public', '_headers'), 'utf8'));
});

const csp = (path: string) => headersFor(rules, path)['Content-Security-Policy'] ?? '';
const directive = (policy: string, name: string) =>
  policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `)) ?? '';

describe('public/_headers', () => {
  it('parses paths and their headers, and refuses a header line outside a path', () => {
    expect(parseHeadersFile('# c\n/a\n  X-A: 1\n  X-B: two words\n\n/b/*\n  X-C: 3\n')).toEqual([
      {
        path: '/a',
        headers: [
          ['X-A', '1'],
          ['X-B', 'two words'],
        ],
      },
      { path: '/b/*', headers: [['X-C', '3']] },
    ]);
    expect(() => parseHeadersFile('  X-A: 1\n')).toThrow(/line 1/);
  });

  it('refuses a header that two rules matching one path both set (a host would send both)', () => {
    const r = parseHeadersFile('/*\n  X-A: 1\n/x\n  X-A: 2\n');
    expect(() => headersFor(r, '/x')).toThrow(/X-A is set for \/x by both/);
    expect(headersFor(r, '/y')).toEqual({ 'X-A': '1' });
  });

  it('gives every response isolation, nosniff and no referrer, and each kind of file its own policy', () => {
    for (const path of ['/', '/index.html', '/embed.html', '/embed-demo.html', '/assets/main-x.js', '/other']) {
      expect(headersFor(rules, path)).toMatchObject({
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      });
    }
    expect(directive(csp('/'), 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(csp('/index.html')).toBe(csp('/'));
    expect(directive(csp('/embed.html'), 'frame-ancestors')).toBe('frame-ancestors *');
    for (const path of ['/', '/embed.html', '/assets/x.js']) {
      // The embed reads a recorded run's trace file from its own site; both pages their own Blob URLs (Stop's probe,
      // src/hosts/browser/endingProbe.ts); a worker's own script (assets) nothing at all.
      expect(directive(csp(path), 'connect-src'), path).toBe(
        { '/embed.html': "connect-src 'self' blob:", '/': 'connect-src blob:' }[path] ?? "connect-src 'none'",
      );
      expect(csp(path), path).not.toMatch(/'unsafe-eval'|https?:|\*\./);
    }
    expect(directive(csp('/assets/ts.worker-x.js'), 'script-src')).toBe("script-src 'self'");
  });

  it("allows exactly the pages' inline scripts, by hash", async () => {
    for (const [file, path] of [
      ['index.html', '/'],
      ['public/embed-demo.html', '/embed-demo.html'],
    ] as const) {
      const html = await readFile(join(root, file), 'utf8');
      const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
        (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
      );
      const allowed = directive(csp(path), 'script-src').match(/'sha256-[^']+'/g) ?? [];
      expect(allowed, `${file}: update its hash in public/_headers`).toEqual(inline);
    }
  });

  it('in dev, adds the nonce of injected scripts and the hot-reload socket, nothing else', () => {
    const dev = devPolicy(csp('/'), 'N0NCE', '127.0.0.1:5173');
    expect(directive(dev, 'script-src')).toBe(`${directive(csp('/'), 'script-src')} 'nonce-N0NCE'`);
    expect(directive(dev, 'connect-src')).toBe("connect-src 'self' blob: ws://127.0.0.1:5173 wss://127.0.0.1:5173");
    expect(directive(dev, 'frame-ancestors')).toBe("frame-ancestors 'none'");
  });
});

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

/** Every header public/_headers gives `path` is on `r` (the policy as the dev server changes it, if given). */
function expectHeaders(r: Response, path: string, what: string, policy?: (csp: string) => string): void {
  for (const [name, value] of Object.entries(headersFor(rules, path))) {
    const want = policy && name === 'Content-Security-Policy' ? policy(value) : value;
    expect(r.headers.get(name), `${what}: ${name}`).toBe(want);
  }
}

const address = (s: { resolvedUrls: { local: string[] } | null }) => s.resolvedUrls!.local[0]!.replace(/\/$/, '');

describe('vite preview (npm run preview)', () => {
  let server: PreviewServer;
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mpplay-headers-'));
    await mkdir(join(dir, 'assets'));
    for (const f of ['index.html', 'embed.html', 'embed-demo.html']) await writeFile(join(dir, f), '<!doctype html>');
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

  it('sends each path its headers on a 200 and on the 304 that revalidates it', async () => {
    for (const path of ['/', '/embed.html', '/embed-demo.html', '/assets/w.js']) {
      const [first, second] = await twice(`${address(server)}${path}`);
      expect([first.status, second.status], path).toEqual([200, 304]);
      expectHeaders(first, path, `200 ${path}`);
      expectHeaders(second, path, `304 ${path}`);
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

  it('sends the page its policy with the nonce of the scripts it injects, on a 200 and on a 304', async () => {
    const [first, second] = await twice(`${address(server)}/`);
    const html = await (await fetch(`${address(server)}/`)).text();
    const nonce = /<script[^>]* nonce="([^"]+)"/.exec(html)?.[1];
    expect(nonce).toBeTruthy();
    const host = new URL(address(server)).host;
    expect([first.status, second.status]).toEqual([200, 304]);
    for (const r of [first, second]) expectHeaders(r, '/', `${r.status} /`, (p) => devPolicy(p, nonce!, host));
  });

  it('sends a module its headers on a 200 and on a 304', async () => {
    const [first, second] = await twice(`${address(server)}/src/hosts/clock.ts`);
    expect([first.status, second.status]).toEqual([200, 304]);
    expectHeaders(first, '/src/hosts/clock.ts', '200');
    expectHeaders(second, '/src/hosts/clock.ts', '304');
  });
});
