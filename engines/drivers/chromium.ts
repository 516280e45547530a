// Chromium through playwright-core, with the browser tests' own finder and flags (e2e/chromium.ts).
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/chromium';
import { DESKTOP, type Driver, type Engine } from '../driver';

export async function launchChromium(): Promise<Engine> {
  const found = await findChromium();
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS, headless: true });
  return {
    name: 'chromium',
    version: `chromium/${browser.version()} (${found.from})`,
    async newPage() {
      const context = await browser.newContext({ viewport: { ...DESKTOP } });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      return pageDriver(page, () => context.close());
    },
    close: () => browser.close(),
  };
}

function pageDriver(page: Page, close: () => Promise<void>): Driver {
  return {
    engine: 'chromium',
    goto: async (url) => {
      await page.goto(url);
    },
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    click: (selector) => page.locator(selector).first().click(),
    type: (text) => page.keyboard.type(text),
    press: (keys) => page.keyboard.press(keys),
    select: async (selector, value) => {
      await page.locator(selector).first().selectOption(value);
    },
    viewport: (width, height) => page.setViewportSize({ width, height }),
    screenshot: () => page.screenshot(),
    close,
  };
}
