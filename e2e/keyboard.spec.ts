// Keyboard: Tab indents in the editor and Escape-then-Tab (or Ctrl+M) leaves it, the output never keeps Tab, the help lists every key, and Tab alone walks the page.
import { expect, test, type Page } from '@playwright/test';
import { getCode, openApp, setCode } from './helpers';

/** What has the focus now, as a short name: its test id, its role and name, or its tag. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    if (el.closest('.monaco-editor')) return 'editor';
    if (el.closest('.terminal')) return 'terminal';
    const id = el.closest('[data-testid]')?.getAttribute('data-testid');
    return (
      id ?? `${el.tagName.toLowerCase()}${el.getAttribute('aria-label') ? `[${el.getAttribute('aria-label')}]` : ''}`
    );
  });
}

const CODE = 'if (true) {\nprint("x");\n}\n';

test('in the editor Tab indents; Escape then Tab leaves; Ctrl+M makes Tab move the focus', async ({ page }) => {
  await openApp(page);
  await setCode(page, CODE);
  await page.locator('.monaco-editor .view-line').nth(1).click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Tab');
  await expect.poll(() => getCode(page)).toBe('if (true) {\n  print("x");\n}\n');
  await page.keyboard.press('Shift+Tab');
  await expect.poll(() => getCode(page)).toBe(CODE);

  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect(await focused(page)).not.toBe('editor');
  expect(await getCode(page)).toBe(CODE);

  await page.locator('.monaco-editor .view-line').nth(1).click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).not.toBe('editor');

  await page.locator('.monaco-editor .view-line').nth(1).click();
  await page.keyboard.press('Control+m');
  await page.keyboard.press('Tab');
  expect(await focused(page)).not.toBe('editor');
  expect(await getCode(page)).toBe(CODE);
  await page.locator('.monaco-editor .view-line').nth(1).click();
  await page.keyboard.press('Control+m'); // back to indenting
  await page.keyboard.press('Home');
  await page.keyboard.press('Tab');
  await expect.poll(() => getCode(page)).toBe('if (true) {\n  print("x");\n}\n');
});

test('the output never keeps Tab', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('terminal').click();
  expect(await focused(page)).toBe('terminal');
  await page.keyboard.press('Tab');
  expect(await focused(page)).not.toBe('terminal');
  await page.getByTestId('terminal').click();
  await page.keyboard.press('Shift+Tab');
  expect(await focused(page)).not.toBe('terminal');
});

test('the help lists every shortcut, in groups, the chart and the separators included', async ({ page }) => {
  await openApp(page);
  await page.locator('body').press('?');
  const help = page.getByTestId('help-dialog');
  await expect(help).toBeVisible();
  const text = await help.innerText();
  for (const k of ['Ctrl+Enter', 'Ctrl+Shift+Enter', 'Esc, Tab', 'Ctrl+M', 'Ctrl+F', 'Ctrl+Space', 'F1', 'Home / End'])
    expect(text, k).toContain(k);
  const captions = await help.locator('caption').allInnerTexts();
  expect(captions).toEqual([
    'The page',
    'In the editor',
    'On a separator between panes',
    'On the chart',
    'In the output',
    'In the scheduler panel',
  ]);
  const chartRows = help.getByTestId('help-keys').nth(3).locator('tr');
  expect(await chartRows.count()).toBeGreaterThanOrEqual(5);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('Tab alone walks the whole page: toolbar, editor (Escape, Tab), separators, chart, output, lesson, and round again', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('zombie');
  await page.locator('body').click({ position: { x: 1, y: 850 } }); // the status bar: nothing focusable
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    let now = await focused(page);
    if (now === 'editor') {
      seen.push(now);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      now = await focused(page);
    }
    if (now === seen[0] && seen.length > 3) break; // round again
    seen.push(now);
  }
  for (const stop of [
    'example-picker',
    'run',
    'speed',
    'share',
    'theme',
    'lang',
    'help',
    'editor',
    'splitter-code',
    'timeline-chart',
    'splitter-term',
    'terminal',
    'splitter-side',
    'toggle-python',
  ])
    expect(seen, stop).toContain(stop);
  // In page order, and every stop once per round.
  const order = ['run', 'editor', 'splitter-code', 'splitter-term', 'terminal', 'splitter-side', 'toggle-python'];
  expect(order.map((s) => seen.indexOf(s))).toEqual([...order.map((s) => seen.indexOf(s))].sort((a, b) => a - b));
  const named = seen.filter((s) => !/^(button|select|input|a|div|textarea|canvas|section)\b/.test(s));
  expect(new Set(named).size, seen.join(' → ')).toBe(named.length);
  expect(await getCode(page)).not.toMatch(/^\t/); // no Tab landed in the program
});
