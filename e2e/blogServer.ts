// A host page's server for embed tests: another origin and site than the test server (localhost vs 127.0.0.1), no COOP/COEP.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BlogServer {
  /** The blog's origin, e.g. `http://localhost:41234`. */
  origin: string;
  /** Serves `html` at `path` from now on; returns the page's full address. */
  page(path: string, html: string): string;
  close(): Promise<void>;
}

/** Starts a blog server on a free port. */
export async function startBlog(): Promise<BlogServer> {
  const pages = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const html = pages.get((req.url ?? '/').split('?')[0] ?? '/');
    res.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page(path, html) {
      pages.set(path, html);
      return `${origin}${path}`;
    },
    close: () => stopServer(server),
  };
}

/**
 * Stops a test's server for good. `server.close()` alone waits for every open connection, and a browser keeps its
 * keep-alive connections open and may send another request on one after `close()` (which Node then still serves):
 * the wait then lasted until the test's limit (CI, 2026-12-07: deploy.spec.ts's framing test, 120 s).
 */
export function stopServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A blog post with iframes (`attrs` each: the iframe's attributes) that records every mpplay event in `mpplayEvents`. */
export function postWith(frames: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>post</title></head><body>
<h1>A post</h1>
${frames.map((f) => `<iframe ${f}></iframe>`).join('\n')}
<button id="host-button" type="button">a button of the blog's own</button>
<script>
window.mpplayEvents = [];
addEventListener('message', function (e) {
  if (e.data && e.data.mpplay === 1) window.mpplayEvents.push(e.data);
});
</script></body></html>`;
}
