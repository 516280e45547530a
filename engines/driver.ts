// The one small interface every engine is driven through (Chromium, Firefox, WebKit), so each test is written once.

/** The engines a reader may open mpplay in. */
export type EngineName = 'chromium' | 'firefox' | 'webkit';

/**
 * A key or chord, named as Playwright and the DOM's `KeyboardEvent.key` name them: `Enter`, `Escape`, `Tab`,
 * `End`, `Home`, `Backspace`, or a modifier and a key joined by `+` (`Control+End`, `Shift+Tab`).
 */
export type Keys = string;

/**
 * One page (tab) in one engine. Selectors are CSS selectors in the page's top document.
 * `evaluate`'s function runs in the page: it must use nothing from the test's scope but its one argument (a
 * JSON value), and its result comes back as JSON (a promise is awaited first).
 */
export interface Driver {
  readonly engine: EngineName;
  goto(url: string): Promise<void>;
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Clicks the first element the selector matches, once it is there (scrolled into view first). */
  click(selector: string): Promise<void>;
  /** Types text at the focus, key by key, as a user would. */
  type(text: string): Promise<void>;
  /** Presses a key or chord at the focus. */
  press(keys: Keys): Promise<void>;
  /** Picks an option of a `<select>` by its value, as a user would (the page sees `input` and `change`). */
  select(selector: string, value: string): Promise<void>;
  /** Sets the size of the page's viewport (CSS px): `innerWidth × innerHeight`. */
  viewport(width: number, height: number): Promise<void>;
  /** A PNG of what the viewport shows now. */
  screenshot(): Promise<Buffer>;
  /** Closes the page and whatever was opened for it alone (a browser context, a WebDriver session). */
  close(): Promise<void>;
  /**
   * What the browser itself last printed (its driver's and its own stderr), where the engine keeps it: the only
   * witness when a page stops answering, e.g. WebKit's web process crashing under a run.
   */
  browserLog?(): string;
  /** Whether the browser's page process under this page has crashed (where the engine can tell). */
  crashed?(): boolean;
}

/** One running engine: opens pages, each with storage of its own (a fresh reader). */
export interface Engine {
  readonly name: EngineName;
  /** The browser and its version, as the engine reports it, e.g. `firefox/153.8.0`. */
  readonly version: string;
  /** A new page in a fresh profile or context (no cookies, no storage), at the default desktop viewport. */
  newPage(): Promise<Driver>;
  /** Closes every page and the engine, and ends every process started for it. */
  close(): Promise<void>;
  /**
   * How many times the browser's own page process has crashed since launch (the browser's fault, not the page's:
   * e.g. WebKitGTK's `WebProcess CRASHED`), where the engine can tell.
   */
  crashes?(): number;
}

/** The viewport every page starts with, the browser tests' (playwright.config.ts). */
export const DESKTOP = { width: 1400, height: 860 } as const;
/** An iPhone's viewport in portrait (iPhone 12–15: 390 × 844 CSS px). */
export const PHONE = { width: 390, height: 844 } as const;

/** Thrown by a `waitFor` probe to end the wait at once (the others it throws count as "not yet"). */
export class WaitAborted extends Error {}

/**
 * Polls `probe` until it returns a value that is not `undefined`/`false`, or throws `what` after `timeoutMs`
 * (`what` may be a function, called only then, to describe the state the wait ended in).
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  what: string | (() => string | Promise<string>),
  timeoutMs = 30_000,
  everyMs = 150,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      if (e instanceof WaitAborted) throw e;
      lastError = e;
    }
    if (Date.now() > until) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
      const said = typeof what === 'string' ? what : await Promise.resolve(what()).catch(() => 'waiting');
      throw new Error(`${said}: not within ${timeoutMs / 1000} s${why}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
