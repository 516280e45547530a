// Test hooks shared by the browser tests: read the app state and the terminal, wait for the app to be ready.
import { expect, type Page } from '@playwright/test';

export interface AppState {
  status: string;
  exitCode: number | null;
  events: number;
  /** How the last run ended, as the kernel says (`exited`, `deadlock`, …); null until it has. */
  reason: string | null;
}

/** The part of xterm's IBufferLine the helpers read. */
interface BufferLine {
  isWrapped: boolean;
  translateToString(trim: boolean, start?: number, end?: number): string;
  getCell(x: number): { getChars(): string; getWidth(): number } | undefined;
}

interface Hooks {
  __mpplay: { setCode(t: string): void; getCode(): string; state(): AppState };
  __term: {
    cols: number;
    buffer: {
      active: {
        length: number;
        getLine(i: number): BufferLine | undefined;
      };
    };
  };
}

/** The app's run state through `globalThis.__mpplay`. */
export function appState(page: Page): Promise<AppState> {
  return page.evaluate(() => (globalThis as unknown as Hooks).__mpplay.state());
}

/**
 * Everything in the terminal's buffer, one printed line per line (rows that xterm wrapped are joined back).
 * A wide (CJK) character that does not fit in a row's last cell goes to the next row and leaves that cell empty:
 * that cell is no part of the line (a space the program printed there is kept). xterm parses writes
 * asynchronously: poll this.
 */
export function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const term = (globalThis as unknown as Hooks).__term;
    const b = term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i);
      const next = b.getLine(i + 1);
      let end: number | undefined;
      if (line && next?.isWrapped) {
        const last = line.getCell(term.cols - 1);
        if (last && last.getChars() === '' && next.getCell(0)?.getWidth() === 2) end = term.cols - 1;
      }
      const text = line?.translateToString(false, 0, end) ?? '';
      if (line?.isWrapped && out.length) out[out.length - 1] += text;
      else out.push(text);
    }
    return out.map((l) => l.trimEnd()).join('\n');
  });
}

export function setCode(page: Page, code: string): Promise<void> {
  return page.evaluate((c) => (globalThis as unknown as Hooks).__mpplay.setCode(c), code);
}

export function getCode(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as Hooks).__mpplay.getCode());
}

/** Opens the page (at `path`, e.g. `/?example=lost-update`) and waits until the editor and the terminal are up. */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => typeof (globalThis as unknown as Partial<Hooks>).__term)).toBe('object');
}

/**
 * Serves this page's document without its isolation headers from now on (as a non-isolated embed would be): the
 * page is then not cross-origin isolated, and its workers have no shared memory. Call before opening the page.
 */
export async function withoutIsolation(page: Page): Promise<void> {
  await page.route(
    (url) => url.pathname === '/' || url.pathname.endsWith('/index.html'),
    async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      for (const h of ['cross-origin-opener-policy', 'cross-origin-embedder-policy', 'document-isolation-policy'])
        delete headers[h];
      await route.fulfill({ response, headers });
    },
  );
}

/** Waits until the run is over (not compiling, not running) and returns the final state. */
export async function waitForRunEnd(page: Page, timeout = 30_000): Promise<AppState> {
  await expect.poll(async () => (await appState(page)).status, { timeout }).not.toMatch(/^(idle|compiling|running)$/);
  return appState(page);
}
