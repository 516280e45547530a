// Vite plugin: the response headers of `npm start` and `npm run preview`, set on every response before Vite
// answers, so a 304 Not Modified carries them too (WebKit judges a revalidated worker script by the 304's own).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/** Cross-origin isolation (SharedArrayBuffer, Atomics.wait); CORP keeps other sites from loading our files. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The headers a response for `pathname` gets. */
export function headersFor(pathname: string): Record<string, string> {
  void pathname;
  return { ...ISOLATION_HEADERS };
}

function setHeaders(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const pathname = new URL(req.url ?? '/', 'http://x').pathname;
  for (const [name, value] of Object.entries(headersFor(pathname))) res.setHeader(name, value);
  next();
}

export function headersOnEveryResponse(): Plugin {
  return {
    name: 'mpplay:headers-on-every-response',
    // Registered before Vite's own middlewares: whatever answers later (a 200, a 304, a 404) keeps them.
    configureServer(server) {
      server.middlewares.use(setHeaders);
    },
    configurePreviewServer(server) {
      server.middlewares.use(setHeaders);
    },
  };
}
