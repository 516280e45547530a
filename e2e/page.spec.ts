// The page around the editor: every visible string in Chinese after switching, themes, the phone layout and the help panel.
import { expect, test, type Page } from '@playwright/test';
import { englishWords } from '../src/ui/i18n/untranslated';
import { openApp, setCode, terminalText, waitForRunEnd } from './helpers';

/** What a reader sees, with whether it is in the chart (its words are the chart's: see CHART_PENDING). */
interface Shown {
  text: string;
  inChart: boolean;
}

/**
 * Every string a reader sees: text nodes, the options of visible menus, and the tooltips and names of visible
 * elements (title, aria-label, placeholder, alt). Left out, as not the page's words: code (the read-only view,
 * Monaco), program output (the terminal), process names (the table's data cells), key caps, the lessons' titles and
 * texts (content, not the page's words: they quote code and program output, and src/examples checks them), and
 * whatever is marked as another language (`lang`).
 */
function visibleStrings(page: Page): Promise<Shown[]> {
  return page.evaluate(() => {
    const skip =
      '.code-view, .monaco-editor, .terminal, .procs tbody td:not([colspan]), kbd, [translate="no"], ' +
      '.lesson h2, .lesson p, .embed-title, [data-testid="example-picker"] option';
    const pageLang = document.documentElement.lang.slice(0, 2);
    const out = new Map<string, boolean>();
    const add = (el: Element, text: string | null | undefined) => {
      const t = text?.trim();
      if (t) out.set(t, (out.get(t) ?? false) || !!el.closest('.timeline'));
    };
    const ownLang = (el: Element) => {
      const tagged = el.closest('[lang]');
      return !tagged || tagged === document.documentElement || tagged.getAttribute('lang')!.startsWith(pageLang);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skip) || !ownLang(el)) continue;
      if (el.closest('option') ? !el.closest('select')!.checkVisibility() : !el.checkVisibility()) continue;
      add(el, n.textContent);
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
      if (el.closest(skip) || !ownLang(el) || !el.checkVisibility()) continue;
      for (const a of ['title', 'aria-label', 'placeholder', 'alt']) add(el, el.getAttribute(a));
    }
    return [...out].map(([text, inChart]) => ({ text, inChart }));
  });
}

/**
 * Words the chart still shows in English on the Chinese page on this branch: its strings and tooltips
 * (src/ui/timeline, the chart's, translated on its own branch: "打开跟踪文件…", trace/words.ts). Only inside the
 * chart; any other English word there, and any anywhere else, fails. Empty this set when the chart's branch is in.
 */
const CHART_PENDING = new Set(
  ['trace', 'worker'].concat('adopts orphans click show only its lines in the terminal'.split(' ')),
);

/** The English words left in what is shown, each with where it was. */
function untranslated(shown: Shown[]): string[] {
  return shown.flatMap((s) =>
    englishWords(s.text)
      .filter((w) => !(s.inChart && CHART_PENDING.has(w)))
      .map((w) => `${w} (in "${s.text.slice(0, 60)}")`),
  );
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
  expect(untranslated(english).length).toBeGreaterThan(40); // the check sees the English UI

  await page.getByTestId('lang').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page).toHaveTitle(/浏览器/);
  expect(untranslated(await visibleStrings(page))).toEqual([]);

  // The status and the terminal's own lines follow the language from the next run; the chart's tooltip too.
  await page.getByTestId('run').click();
  await waitForRunEnd(page);
  await expect(page.getByTestId('status')).toContainText('退出码');
  await expect.poll(() => terminalText(page)).toMatch(/── 退出码 \d+ ·/);
  const chart = (await page.getByTestId('timeline-chart').boundingBox())!;
  await page.mouse.move(chart.x + chart.width * 0.6, chart.y + 40);
  expect(untranslated(await visibleStrings(page))).toEqual([]);

  // The editor's own bar, the compiled JavaScript beside the program, and each dialog.
  await page.getByTestId('toggle-js').click();
  await expect(page.getByTestId('compiled-js-code')).toBeVisible();
  expect(untranslated(await visibleStrings(page)), 'javascript').toEqual([]);
  await page.getByTestId('toggle-js').click();
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

test('the Chinese phone layout and a Chinese embed with a recorded run leave no English word either', async ({
  browser,
}) => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' });
  const p = await phone.newPage();
  await p.goto('/?example=zombie&speed=10');
  await expect(p.getByTestId('phone-run')).toBeVisible();
  expect(untranslated(await visibleStrings(p)), 'phone').toEqual([]);
  await p.goto('/embed.html?example=join-after-loop&trace=traces/join-after-loop.trace.json&lang=zh');
  await expect(p.getByTestId('recorded-banner')).toBeVisible();
  expect(untranslated(await visibleStrings(p)), 'embed').toEqual([]);
  await phone.close();
});

test('Chinese output fills its cells: the terminal font draws a Chinese character exactly two cells wide', async ({
  page,
}) => {
  await openApp(page);
  await setCode(page, 'print("父进程 1001 启动了子进程: 子进程的父进程是 1000");\n');
  await page.getByTestId('run').click();
  await waitForRunEnd(page);
  await expect.poll(() => terminalText(page)).toContain('父进程 1001');
  const m = await page.evaluate(async () => {
    const font = (globalThis as unknown as { __term: { options: { fontFamily: string; fontSize: number } } }).__term
      .options;
    await document.fonts.ready;
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${font.fontSize}px ${font.fontFamily}`;
    return { han: ctx.measureText('父').width, latin: ctx.measureText('M').width, family: font.fontFamily };
  });
  // Gaps ("父 进 程") come from a Chinese glyph narrower than the two cells xterm gives it.
  expect(m.han, `${m.family}: install fonts-noto-cjk for Noto Sans Mono CJK`).toBeCloseTo(2 * m.latin, 1);
});
