// Vite plugin: `npm start` and `npm run preview` send the headers of public/_headers (what a static deploy sends),
// on every response, set before Vite answers, so a 304 Not Modified carries them too (WebKit judges a
// revalidated worker script by the 304's own headers). Also parses and matches that file (Netlify's format).
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** One rule of a `_headers` file: a path pattern and the headers for what it matches. */
export interface HeaderRule {
  path: string;
  headers: [string, string][];
}

/** Parses a `_headers` file: unindented lines are paths, indented `Name: value` lines their headers, `#` comments. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    if (!/^\s/.test(line)) {
      rules.push({ path: line.trim(), headers: [] });
      return;
    }
    const m = /^\s+([A-Za-z0-9-]+):\s*(.*\S)\s*$/.exec(line);
    const rule = rules.at(-1);
    if (!m || !rule)
      throw new Error(`_headers line ${i + 1}: expected "Name: value" under a path, got "${line.trim()}"`);
    rule.headers.push([m[1]!, m[2]!]);
  });
  return rules;
}

/** Whether a rule's path matches `pathname`: exact, or a prefix ending in `*` (a splat). */
export function pathMatches(pattern: string, pathname: string): boolean {
  return pattern.endsWith('*') ? pathname.startsWith(pattern.slice(0, -1)) : pathname === pattern;
}

/** The headers for `pathname`: every matching rule's. A header two matching rules set is an error (hosts send both). */
export function headersFor(rules: readonly HeaderRule[], pathname: string): Record<string, string> {
  const out: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const rule of rules) {
    if (!pathMatches(rule.path, pathname)) continue;
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase();
      if (from[key] !== undefined)
        throw new Error(`_headers: ${name} is set for ${pathname} by both "${from[key]}" and "${rule.path}"`);
      from[key] = rule.path;
      out[name] = value;
    }
  }
  return out;
}

/**
 * What the dev server changes in a page's policy: its own scripts carry `nonce` (Vite's client and React's
 * refresh preamble, injected inline), and its hot-reload socket and pings need a connection to the server.
 * (So under `npm start`, and only there, user code could reach the dev server itself.)
 */
export function devPolicy(csp: string, nonce: string, host: string): string {
  return csp
    .replace(/(^|;\s*)script-src ([^;]*)/, `$1script-src $2 'nonce-${nonce}'`)
    .replace(/(^|;\s*)connect-src [^;]*/, `$1connect-src 'self' blob: ws://${host} wss://${host}`);
}

export interface ServerHeadersOptions {
  /** The nonce Vite puts on the scripts it injects in dev (its `html.cspNonce`); absent: preview only. */
  devNonce?: string;
}

export function headersOnEveryResponse(opts: ServerHeadersOptions = {}): Plugin {
  let rules: HeaderRule[] = [];
  const set = (dev: boolean) => (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    for (const [name, value] of Object.entries(headersFor(rules, pathname))) {
      const devCsp = dev && opts.devNonce && name.toLowerCase() === 'content-security-policy';
      res.setHeader(name, devCsp ? devPolicy(value, opts.devNonce!, req.headers.host ?? 'localhost') : value);
    }
    next();
  };
  return {
    name: 'mpplay:headers-on-every-response',
    configResolved(config) {
      rules = parseHeadersFile(readFileSync(join(config.publicDir, '_headers'), 'utf8'));
    },
    // Registered before Vite's own middlewares: whatever answers later (a 200, a 304, a 404) keeps them.
    configureServer(server) {
      server.middlewares.use(set(true));
    },
    configurePreviewServer(server) {
      server.middlewares.use(set(false));
    },
  };
}
