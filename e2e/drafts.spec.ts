// Never lose work: typed edits survive a reload or a crash, two tabs keep their own drafts, replacing the text is undoable.
import { expect, test, type Page } from '@playwright/test';
import { getCode, openApp, setCode } from './helpers';

/** Reloads and waits until the page's hooks are back (they are defined by the page's script). */
async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.waitForFunction(
    () => typeof (globalThis as { __mpplay?: { getCode?: unknown } }).__mpplay?.getCode === 'function',
  );
}

test('text typed into the editor is restored after a reload', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('orphan');
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n// typed before the reload');
  await expect.poll(() => getCode(page)).toContain('// typed before the reload');
  const typed = await getCode(page);
  await reload(page);
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
  await expect(page.getByTestId('example-picker')).toHaveValue('orphan');
  expect(await getCode(page)).toBe(typed);
});

test('a tab that crashes loses nothing: a new tab opens its last text', async ({ context }) => {
  const page = await context.newPage();
  await openApp(page);
  await setCode(page, 'print("written just before the crash");\n');
  await page.close({ runBeforeUnload: false });
  const next = await context.newPage();
  await openApp(next);
  expect(await getCode(next)).toBe('print("written just before the crash");\n');
});

test('two tabs editing the same example keep their own drafts across reloads', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a);
  await openApp(b);
  await a.getByTestId('example-picker').selectOption('daemon');
  await b.getByTestId('example-picker').selectOption('daemon');
  await setCode(a, 'print("tab A");\n');
  await setCode(b, 'print("tab B");\n');
  await setCode(a, 'print("tab A, later");\n'); // A writes last: it must still not overwrite B's draft
  await reload(a);
  await reload(b);
  await expect.poll(() => getCode(a)).toBe('print("tab A, later");\n');
  await expect.poll(() => getCode(b)).toBe('print("tab B");\n');
  // B hears that A holds a newer, different draft, and may open it (undoably).
  await expect(b.getByTestId('notice')).toContainText('Another tab holds a different draft');
  await b.getByTestId('notice-action').click();
  expect(await getCode(b)).toBe('print("tab A, later");\n');
  await b.getByTestId('undo').click();
  expect(await getCode(b)).toBe('print("tab B");\n');
  const c = await context.newPage(); // a new tab starts from the newest draft
  await openApp(c);
  await expect(c.getByTestId('example-picker')).toHaveValue('daemon');
  expect(await getCode(c)).toBe('print("tab B");\n'); // B wrote last (its undo above)
});

test('a duplicated tab (a copy of the same session) takes its own id, so the two keep their own drafts', async ({
  context,
}) => {
  const a = await context.newPage();
  await openApp(a);
  await setCode(a, 'print("original tab");\n');
  const id = await a.evaluate(() => sessionStorage.getItem('mpplay:tab'));
  expect(id).toBeTruthy();
  const b = await context.newPage();
  // What "Duplicate tab" does: the new tab starts with a copy of the original's sessionStorage.
  await b.addInitScript((copied) => {
    if (!sessionStorage.getItem('mpplay:tab')) sessionStorage.setItem('mpplay:tab', copied);
  }, id!);
  await openApp(b);
  await expect.poll(() => b.evaluate(() => sessionStorage.getItem('mpplay:tab'))).not.toBe(id);
  await setCode(b, 'print("duplicate");\n');
  await reload(a);
  await expect.poll(() => getCode(a)).toBe('print("original tab");\n');
  await reload(b);
  await expect.poll(() => getCode(b)).toBe('print("duplicate");\n');
});

test('opening another example over edits, or the original text, can be undone', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('no-join');
  const mine = `${await getCode(page)}\n// mine\n`;
  await setCode(page, mine);
  await page.getByTestId('example-picker').selectOption('join-one');
  await expect(page.getByTestId('notice')).toContainText('your edits of the previous program are kept');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('example-picker')).toHaveValue('no-join');
  expect(await getCode(page)).toBe(mine);
  await page.getByTestId('reset-code').click();
  expect(await getCode(page)).not.toContain('// mine');
  await page.getByTestId('undo').click();
  expect(await getCode(page)).toBe(mine);
  await reload(page); // and the undone text is the saved one
  await expect.poll(() => getCode(page)).toBe(mine);
});
