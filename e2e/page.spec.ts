// The page around the editor: every visible string in Chinese after switching, themes, the phone layout and the help panel.
import { expect, test, type Page } from '@playwright/test';
import { openApp, setCode, terminalText, waitForRunEnd } from './helpers';

/**
 * Every string a reader sees: text nodes, titles, labels and the options of visible menus. Left out: code
 * (the read-only view and Monaco), program output (the terminal), the process table's data cells (pids and
 * process names), key names, the brand, elements marked with another language (the language switch), and
 * names that no language translates, marked `translate="no"` (file formats, product names).
 */
function visibleStrings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const skip =
      '.code-view, .monaco-editor, .terminal, .procs tbody td:not([colspan]), kbd, .brand, .section, [translate="no"]';
    const pageLang = document.documentElement.lang.slice(0, 2);
    const out = new Set<string>();
    const ownLang = (el: Element) => {
      const tagged = el.closest('[lang]');
      return !tagged || tagged === document.documentElement || tagged.getAttribute('lang')!.startsWith(pageLang);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim();
      if (!el || !text || el.closest(skip) || !ownLang(el)) continue;
      if (el.closest('option') ? !el.closest('select')!.checkVisibility() : !el.checkVisibility()) continue;
      out.add(text);
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
      if (el.closest(skip) || !ownLang(el) || !el.checkVisibility()) continue;
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.add(v);
      }
    }
    return [...out];
  });
}

/** Strings that are the same in both languages: ps's column names, the brand, shortcut names. */
const NEUTRAL = new Set(['PID', 'PPID', 'S', 'mpplay', '?', '×']);
const LATIN_WORD = /[A-Za-z]{2,}/;
const HAN = /\p{Script=Han}/u;

/** Strings that still read as English: a Latin word and no Chinese character. */
function untranslated(strings: string[]): string[] {
  return strings.filter((s) => !NEUTRAL.has(s) && LATIN_WORD.test(s) && !HAN.test(s));
}

test('switching to Chinese changes every visible string: toolbar, lesson, table, status, notices, dialogs', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('zombie');
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('run').click();
  await waitForRunEnd(page);
  await setCode(
    page,
    `${await page.evaluate(() => (globalThis as unknown as { __mpplay: { getCode(): string } }).__mpplay.getCode())}\n// edit\n`,
  );
  await page.getByTestId('example-picker').selectOption('orphan'); // a notice with Undo
  await expect(page.getByTestId('notice')).toBeVisible();
  const english = await visibleStrings(page);
  expect(untranslated(english).length).toBeGreaterThan(15); // the check sees the English UI

  await page.getByTestId('lang').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page).toHaveTitle(/浏览器/);
  const chinese = await visibleStrings(page);
  expect(untranslated(chinese)).toEqual([]);
  for (const s of untranslated(english)) expect(chinese, s).not.toContain(s);

  // The status and the terminal's own lines follow the language from the next run.
  await page.getByTestId('run').click();
  await waitForRunEnd(page);
  await expect(page.getByTestId('status')).toContainText('退出码');
  await expect.poll(() => terminalText(page)).toMatch(/── 退出码 \d+ ·/);
  expect(untranslated(await visibleStrings(page))).toEqual([]);

  for (const [open, dialog] of [
    ['share', 'share-dialog'],
    ['help', 'help-dialog'],
  ] as const) {
    await page.getByTestId(open).click();
    await expect(page.getByTestId(dialog)).toBeVisible();
    expect(untranslated(await visibleStrings(page)), dialog).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId(dialog)).toBeHidden();
  }

  // The choice sticks, and English comes back the same way.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByTestId('lang').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('run')).toHaveText('▶ Run');
});

test('the code, the terminal and the lesson appear before Monaco has loaded; the editor follows', async ({ page }) => {
  // Hold back the editor's code (Monaco and everything after it) until the rest of the page is checked.
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route(/MonacoPane|editor\.api/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/?example=join-after-loop');
  await expect(page.getByTestId('code-view')).toContainText('pList.push');
  await expect(page.getByTestId('terminal')).toBeVisible();
  await expect(page.getByTestId('lesson')).toContainText('3.4');
  expect(await page.locator('.monaco-editor').count()).toBe(0);
  // A run works before the editor is there.
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('run').click();
  expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 0 });
  release();
  await expect(page.locator('.monaco-editor')).toBeVisible();
  await expect(page.getByTestId('code-view')).toHaveCount(0);
});

test('a Chinese browser gets the Chinese page', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'zh-CN' });
  const page = await ctx.newPage();
  await openApp(page);
  await expect(page.getByTestId('run')).toHaveText('▶ 运行');
  await ctx.close();
});

test('light and dark themes: chosen, or following the system', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openApp(page);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const light = await bg();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await bg()).not.toBe(light);
  await page.getByTestId('theme').selectOption('light'); // an explicit choice beats the system
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.locator('.monaco-editor').first()).toHaveClass(/vs(?!-dark)/);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('a read-only code view with the terminal, no Monaco, no sideways scrolling; a run works', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto('/?example=join-after-loop');
    await expect(page.getByTestId('code-view')).toContainText('pList.push');
    await expect(page.getByTestId('terminal')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('speed').selectOption('10');
    await page.getByTestId('run').click();
    const end = await waitForRunEnd(page);
    expect(end).toMatchObject({ status: 'exited', exitCode: 0 });
    await expect.poll(() => terminalText(page)).toContain('Finished');
    expect(await page.locator('.monaco-editor').count()).toBe(0);
    expect(requests.filter((u) => /ts\.worker|MonacoPane/.test(u))).toEqual([]);
    await page.getByTestId('edit-anyway').click(); // a tablet-sized phone may still want the editor
    await expect(page.locator('.monaco-editor')).toBeVisible();
  });
});

test('the help panel lists the shortcuts; ? opens it and Escape closes it; Ctrl+Shift+Enter stops', async ({
  page,
}) => {
  await openApp(page);
  await page.locator('body').press('?');
  const help = page.getByTestId('help-dialog');
  await expect(help).toBeVisible();
  await expect(help).toContainText('Ctrl+Enter');
  await expect(help).toContainText('Ctrl+Shift+Enter');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await setCode(page, 'import * as time from "time";\nprint("go");\nawait time.sleep(0.1);\nwhile (true) {}\n');
  await page.keyboard.press('Control+Enter');
  await expect.poll(() => terminalText(page)).toContain('go');
  await page.keyboard.press('Control+Shift+Enter');
  expect((await waitForRunEnd(page)).status).toBe('stopped');
});
