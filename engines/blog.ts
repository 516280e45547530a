// A blog on another site: the built embed demo (dist/embed-demo.html) served from `localhost`, its iframes on the site's origin.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface Blog {
  /** The post's address, e.g. `http://localhost:41235/post.html`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the demo post as a blog would: another origin and another site than `siteBase` (`localhost` against
 * `127.0.0.1`), no COOP/COEP headers; each iframe points at `siteBase`'s embed.html, so every embed is cross-site.
 */
export async function startBlog(siteBase: string, root: string): Promise<Blog> {
  const html = readFileSync(join(root, 'dist', 'embed-demo.html'), 'utf8')
    .replaceAll('src="embed.html', `src="${siteBase}/embed.html`)
    .replace('href="./"', `href="${siteBase}/"`);
  if (!html.includes(`${siteBase}/embed.html`)) throw new Error('dist/embed-demo.html has no embed.html iframe');
  const server = createServer((req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/post.html`,
    // closeAllConnections: close() alone waits for the browser's keep-alive connections (see e2e/blogServer.ts).
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
