// One engine's session for a test file: launched once, lazily; one shared page; readable failures with a screenshot.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, inject } from 'vitest';
import { openApp, terminalTail } from './app';
import type { Driver, Engine, EngineName } from './driver';
import { launchEngine, type WebKitOptions } from './engines';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
/** Screenshots of failed tests go here (ignored by git, like Playwright's test-results/). */
export const SHOTS = join(ROOT, 'test-results', 'engines');

/**
 * Tells the gate (scripts/gate.mjs sets MPPLAY_ENGINE_NOTES to a file) something its summary must show although
 * no test failed, e.g. a browser crash a test survived by running again.
 */
function recordNote(note: string): void {
  const file = process.env['MPPLAY_ENGINE_NOTES'];
  if (file) appendFileSync(file, `${note}\n`);
}

/** An engine as one test file uses it. */
export interface Session {
  readonly name: EngineName;
  /** The site's address (no trailing slash). */
  readonly base: string;
  /** The engine, launched on first use; a launch failure (a missing engine) fails every test that asks. */
  engine(): Promise<Engine>;
  /**
   * The page most tests share, open on the playground; reopened when a test left it broken (`spoil()`), so one
   * hang does not fail every later test.
   */
  page(): Promise<Driver>;
  /** Marks the shared page as broken: the next `page()` opens a new one. */
  spoil(): void;
  /**
   * Runs one test's body with a label; on failure, saves a screenshot of `driver` (the shared page by default),
   * and rethrows with the engine, the label and the screenshot's path in front of the error.
   */
  step<T>(label: string, body: () => Promise<T>, driver?: () => Driver | null): Promise<T>;
}

/** Sets up the session of one engine for the current file; closes everything after the file's tests. */
export function useEngine(name: EngineName, opts: WebKitOptions = {}, tag: string = name): Session {
  const base = inject('siteBase');
  let launched: Promise<Engine> | null = null;
  let shared: Driver | null = null;
  let spoiled = false;
  let opened = 0;

  const engine = () => {
    launched ??= (async () => {
      const t0 = Date.now();
      const e = await launchEngine(name, opts);
      console.log(`[${tag}] launched in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return e;
    })();
    return launched;
  };

  const session: Session = {
    name,
    base,
    engine,
    async page() {
      if (shared && spoiled) {
        await shared.close().catch(() => {});
        shared = null;
      }
      if (!shared) {
        spoiled = false;
        const e = await engine();
        const p = await e.newPage();
        if (!opened++) console.log(`[${tag}] ${e.version}`); // WebKit knows its version once a page is open
        try {
          await openApp(p, `${base}/`);
        } catch (err) {
          await p.close().catch(() => {});
          throw err;
        }
        shared = p;
      }
      return shared;
    },
    spoil() {
      spoiled = true;
    },
    async step(label, body, driver) {
      const crashesBefore = (await launched?.catch(() => null))?.crashes?.() ?? 0;
      try {
        return await body();
      } catch (e) {
        const crashed = ((await launched?.catch(() => null))?.crashes?.() ?? 0) > crashesBefore;
        if (crashed) {
          // The browser's own page process died under the test: that says nothing of mpplay, so the test runs
          // once more on a fresh page, and the crash is told (here and in the gate's summary). A second crash
          // fails the test: a page that crashes the browser every time is mpplay's problem too.
          const note = `${tag}: the browser's page process crashed during "${label}"; it ran again on a fresh page`;
          console.log(`[${tag}] ${note}`);
          recordNote(note);
          spoiled = true;
          try {
            return await body();
          } catch (again) {
            const err = again instanceof Error ? again : new Error(String(again));
            err.message = `[${tag}] ${label}: failed after the browser's page process crashed (and on a fresh page): ${err.message}`;
            throw err;
          }
        }
        const d = driver ? driver() : shared;
        let shot = '';
        if (d) {
          try {
            mkdirSync(SHOTS, { recursive: true });
            const file = join(SHOTS, `${tag}-${label.replace(/[^\w.-]+/g, '_').slice(0, 80)}.png`);
            writeFileSync(file, await d.screenshot());
            shot = ` (screenshot: ${file.slice(ROOT.length + 1)})`;
          } catch {
            // the page may be gone: the error says enough
          }
        }
        const err = e instanceof Error ? e : new Error(String(e));
        err.message = `[${tag}] ${label}${shot}: ${err.message}`;
        throw err;
      }
    },
  };

  afterAll(async () => {
    if (!launched) return;
    const e = await launched.catch(() => null);
    await e?.close().catch(() => {});
  });
  return session;
}

/** The terminal's last lines for an error message, or nothing when the page cannot be read. */
export async function tailFor(d: Driver | null): Promise<string> {
  return d ? `\nThe terminal's end:\n${await terminalTail(d)}` : '';
}
