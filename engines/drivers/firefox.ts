// Firefox through puppeteer-core over WebDriver BiDi, on Debian's firefox-esr (Playwright's Firefox channel fails on it).
import { existsSync } from 'node:fs';
import puppeteer, { type KeyInput, type Page } from 'puppeteer-core';
import { DESKTOP, type Driver, type Engine } from '../driver';
import { installHint } from '../install';

/** Where Debian's `firefox-esr` package puts the browser; `$FIREFOX_PATH` overrides it. */
export const FIREFOX_PATH = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';

export async function launchFirefox(): Promise<Engine> {
  if (!existsSync(FIREFOX_PATH)) throw new Error(installHint('firefox', FIREFOX_PATH));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    defaultViewport: { ...DESKTOP },
    // Quiet: no update checks, telemetry or first-run pages to compete for the machine's two cores.
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
    },
  });
  const version = await browser.version();
  return {
    name: 'firefox',
    version,
    async newPage() {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ ...DESKTOP });
      page.setDefaultTimeout(30_000);
      return pageDriver(page, () => context.close());
    },
    close: () => browser.close(),
  };
}

function pageDriver(page: Page, close: () => Promise<void>): Driver {
  return {
    engine: 'firefox',
    goto: async (url) => {
      await page.goto(url);
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    click: async (selector) => {
      const el = await page.waitForSelector(selector, { visible: true });
      await el!.click();
      await el!.dispose();
    },
    type: (text) => page.keyboard.type(text),
    press: async (keys) => {
      const parts = keys.split('+') as KeyInput[];
      const key = parts.pop()!;
      for (const m of parts) await page.keyboard.down(m);
      await page.keyboard.press(key);
      for (const m of parts.reverse()) await page.keyboard.up(m);
    },
    select: async (selector, value) => {
      await page.waitForSelector(selector);
      const picked = await page.select(selector, value);
      if (!picked.includes(value)) throw new Error(`${selector} has no option ${value}`);
    },
    viewport: (width, height) => page.setViewport({ width, height }),
    screenshot: async () => Buffer.from(await page.screenshot()),
    close,
  };
}
