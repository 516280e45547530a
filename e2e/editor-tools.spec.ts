// The editor's tools: a problems list (click to jump), a note at Run about type errors, the compiled JavaScript, Format.
import { expect, test } from '@playwright/test';
import { compile } from '../src/compile';
import { getCode, openApp, setCode, terminalText, waitForRunEnd } from './helpers';

interface ToolHooks {
  __mpplay: { editorCursor(): Promise<{ line: number; column: number; focused: boolean } | null> };
}

const TYPE_ERROR = 'print("start");\n\nconst n: number = "five";\nprint(n);\n';

test('type errors are listed under the editor, a click goes to the line, and Run says it runs anyway', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page);
  await setCode(page, TYPE_ERROR);
  const list = page.getByTestId('problems-list');
  // TypeScript's worker starts with the editor: on a busy machine its first diagnostics take a while.
  await expect(list).toContainText("Type 'string' is not assignable to type 'number'", { timeout: 60_000 });
  await expect(list).toContainText('ts(2322)');
  await expect(list.locator('button').first()).toHaveAttribute('data-line', '3');
  await list.locator('button').first().click();
  await expect
    .poll(() => page.evaluate(() => (globalThis as unknown as ToolHooks).__mpplay.editorCursor()))
    .toEqual({ line: 3, column: 7, focused: true });

  await page.getByTestId('run').click();
  expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 0 });
  const text = await terminalText(page);
  expect(text).toMatch(/── the program has 1 type error \(see Problems under the editor\); it runs anyway/);
  expect(text.indexOf('type error')).toBeLessThan(text.indexOf('[1000 MainProcess] start')); // said before it runs
  expect(text).toContain('[1000 MainProcess] five');

  // Fixed: the list empties and the next run says nothing about types.
  await setCode(page, 'const n: number = 5;\nprint(n);\n');
  await expect(page.getByTestId('problems-toggle')).toHaveText('No problems');
  await page.getByTestId('run').click();
  await waitForRunEnd(page);
  await expect.poll(() => terminalText(page)).toContain('[1000 MainProcess] 5');
  expect(await terminalText(page)).not.toContain('type error');
});

test('"JavaScript" shows exactly what the run compiles, and follows the edits', async ({ page }) => {
  await openApp(page);
  const source =
    'import * as os from "os";\nasync function f(x: number): Promise<void> {}\nprint(os.getpid() as number);\n';
  await setCode(page, source);
  await page.getByTestId('toggle-js').click();
  const view = page.getByTestId('compiled-js-code').locator('.source');
  const expected = (await compile(source, 'main.ts')).code;
  await expect.poll(async () => (await view.innerText()).trimEnd()).toBe(expected.trimEnd());
  await setCode(page, 'const x: string = "edited";\n');
  await expect(view).toContainText('const x = "edited"');
  await setCode(page, 'const = ;\n');
  await expect(page.getByTestId('compiled-js')).toContainText('main.ts:1:');
  await page.getByTestId('toggle-js').click();
  await expect(page.getByTestId('compiled-js')).toHaveCount(0);
});

test('Format formats the program with Monaco, and Undo brings the text back', async ({ page }) => {
  await openApp(page);
  const messy = 'const   x=1\nif(x){print( x )}\n';
  await setCode(page, messy);
  await page.getByTestId('format').click();
  await expect.poll(() => getCode(page)).toBe('const x = 1\nif (x) { print(x) }\n');
  await page.locator('.monaco-editor .view-line').first().click();
  await page.keyboard.press('Control+z');
  await expect.poll(() => getCode(page)).toBe(messy);
});
