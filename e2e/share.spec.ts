// Share links in the browser: a link reproduces code and options in a fresh context, never runs, and damaged links keep the editor.
import { expect, test, type Page } from '@playwright/test';
import { appState, getCode, openApp, setCode } from './helpers';

interface ShareHooks {
  __mpplay: {
    options(): { exampleId: string | null; speed: number; seed: number; lang: string; theme: string };
    linkProblems(): string[];
    linkOpened(): boolean;
  };
}

const options = (page: Page) => page.evaluate(() => (globalThis as unknown as ShareHooks).__mpplay.options());
const problems = (page: Page) => page.evaluate(() => (globalThis as unknown as ShareHooks).__mpplay.linkProblems());

/** Opens a URL on the page and waits until its share link (if any) has been applied. */
async function openLink(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as unknown as Partial<ShareHooks>).__mpplay?.linkOpened() === true);
}

test('a shared link reproduces the code and options in a fresh browser context, and nothing runs', async ({
  browser,
  baseURL,
}) => {
  const a = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await a.newPage();
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('join-in-loop');
  const edited = `${await getCode(page)}\nprint("shared ✓ 分享");\n`;
  await setCode(page, edited);
  await page.getByTestId('speed').selectOption('5');
  await page.getByTestId('theme').selectOption('light');
  await page.getByTestId('share').click();
  const input = page.getByTestId('share-link');
  await expect(input).toHaveValue(/#v1\//);
  const link = await input.inputValue();
  expect(link.startsWith(`${baseURL}/`)).toBe(true);
  expect(link).toContain('example=join-in-loop');
  expect(link).toContain('speed=5');
  expect(link).toContain('theme=light');
  expect(link).not.toContain('seed='); // a default is never written
  await expect(page.getByTestId('link-length')).toContainText(`${link.length.toLocaleString('en')} characters`);
  await expect(page.getByTestId('link-length')).toHaveAttribute('data-verdict', 'ok');
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-dialog')).toContainText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // "Copy embed code": an iframe of embed.html with the same program, and the resize lines.
  await page.getByTestId('pane-chart').uncheck();
  await expect(page.getByTestId('embed-code')).toHaveValue(/panes=code%2Cterminal/);
  await page.getByTestId('copy-embed').click();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  expect(snippet).toMatch(/^<iframe src="[^"]+\/embed\.html\?[^"]*#v1\/[^"]+" title="mpplay: /);
  expect(snippet).toContain('d.type !== "resize"');
  const embedUrl = /src="([^"]+)"/.exec(snippet)![1]!.replaceAll('&amp;', '&');
  await page.goto(embedUrl);
  await expect(page.getByTestId('code-view')).toContainText('shared ✓ 分享');
  await expect(page.getByTestId('chart-pane')).toHaveCount(0);
  await a.close();

  const b = await browser.newContext();
  const fresh = await b.newPage();
  await openLink(fresh, link);
  expect(await getCode(fresh)).toBe(edited);
  expect(await options(fresh)).toMatchObject({ exampleId: 'join-in-loop', speed: 5, seed: 0, theme: 'light' });
  await expect(fresh.getByTestId('speed')).toHaveValue('5');
  await expect(fresh.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(fresh.getByTestId('notice')).toContainText('Nothing runs until you press Run');
  expect(await appState(fresh)).toMatchObject({ status: 'idle', events: 0 });
  expect(fresh.url()).not.toContain('#v1/'); // the address no longer holds the link: a reload keeps later edits
  await b.close();
});

test('the Share dialog warns past 2,000 and 8,000 characters', async ({ page }) => {
  await openApp(page);
  // Text that deflate cannot shrink much: 32 pseudo-random hex digits a line (16 bytes of entropy).
  let x = 12345;
  const hex = () => {
    let h = '';
    for (let i = 0; i < 32; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      h += (x >> 16).toString(16).slice(-1);
    }
    return h;
  };
  const lines = (n: number) => Array.from({ length: n }, () => `// ${hex()}`).join('\n');
  for (const [n, verdict, text] of [
    [150, 'chat', '2,000 characters'],
    [700, 'server', '8,000 characters'],
  ] as const) {
    await setCode(page, lines(n));
    await page.getByTestId('share').click();
    await expect(page.getByTestId('link-length')).toHaveAttribute('data-verdict', verdict);
    await expect(page.getByTestId('link-length')).toContainText(text);
    await page.getByTestId('share-close').click();
  }
});

test('a link over edits can be undone, and the link text is then one Redo away', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('zombie');
  const mine = `${await getCode(page)}\n// my own zombie notes\n`;
  await setCode(page, mine);
  await openLink(page, '/?example=zombie');
  expect(await getCode(page)).not.toContain('my own zombie notes');
  await page.getByTestId('undo').click();
  expect(await getCode(page)).toBe(mine);
  await expect(page.getByTestId('undo')).toHaveText('Redo');
  await page.getByTestId('undo').click();
  expect(await getCode(page)).not.toContain('my own zombie notes');
});

test('damaged, cut-off and newer-version links say so and keep what the editor held', async ({ page }) => {
  await openApp(page);
  const mine = 'print("still here");\n';
  await setCode(page, mine);
  const cases: [string, string, RegExp][] = [
    ['/#v1/not*base64', 'malformed', /damaged/],
    ['/#v1/q1YqS8', 'truncated', /cut short/],
    ['/#v9/AAAA', 'newer-version', /newer mpplay \(link format 9\)/],
    [`/#v1/${'A'.repeat(400_001)}`, 'too-large', /too large/],
  ];
  for (const [url, code, message] of cases) {
    await page.goto('about:blank'); // each link opens a fresh page (a link pasted into the page: below)
    await openLink(page, url);
    expect(await problems(page)).toEqual([code]);
    await expect(page.getByTestId('notice')).toContainText(message);
    expect(await getCode(page)).toBe(mine);
    expect(await appState(page)).toMatchObject({ status: 'idle', events: 0 });
  }
  await openLink(page, '/?speed=7&lang=fr');
  expect(await problems(page)).toEqual(['bad-option', 'bad-option']);
  await expect(page.getByTestId('notice')).toContainText('speed=7');

  // A link pasted into the address bar of the open page (only the hash changes) opens too.
  await page.evaluate(() => (location.hash = '#v9/AAAA'));
  await expect.poll(() => problems(page)).toEqual(['newer-version']);
  expect(await getCode(page)).toBe(mine);
  await page.evaluate(() => (location.hash = '#src=print(%22pasted%22)%3B'));
  await expect.poll(() => getCode(page)).toBe('print("pasted");');
});

test('a TypeScript playground link opens its code', async ({ page }) => {
  await openLink(
    page,
    '/#code/IYIwzgLgTsDGEAJYBthjAgggOwJYFthkEBvAKASQHttIoBXeKqACgAd6RldYFsr8IKAFMAXAjq5sAcwCUpAL5kFQA',
  );
  expect(await getCode(page)).toBe('abstract class Animal {\n  constructor(public nombre: string) {}\n}');
  await expect(page.getByTestId('notice')).toContainText('TypeScript playground');
  expect((await options(page)).exampleId).toBeNull();
});
