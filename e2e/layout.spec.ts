// Room for the lesson: default pane sizes at 1400×860, separators by mouse and keyboard (remembered), errors kept in view.
import { expect, test, type Page } from '@playwright/test';
import { openApp, setCode, waitForRunEnd } from './helpers';

interface TermHooks {
  __term: {
    rows: number;
    buffer: {
      active: { viewportY: number; getLine(i: number): { translateToString(t: boolean): string } | undefined };
    };
  };
}

const box = async (page: Page, testId: string) => (await page.getByTestId(testId).boundingBox())!;
const height = async (page: Page, sel: string) => (await page.locator(sel).first().boundingBox())!.height;

/** The text of the terminal rows in view now. */
function visibleTerminal(page: Page): Promise<string> {
  return page.evaluate(() => {
    const t = (globalThis as unknown as TermHooks).__term;
    const b = t.buffer.active;
    const out: string[] = [];
    for (let y = b.viewportY; y < b.viewportY + t.rows; y++) out.push(b.getLine(y)?.translateToString(true) ?? '');
    return out.join('\n');
  });
}

test('at 1400×860 the editor, the chart and the terminal each get room; the status bar is one thin line', async ({
  page,
}) => {
  await openApp(page);
  const rows = await page.evaluate(() => (globalThis as unknown as TermHooks).__term.rows);
  expect(rows).toBeGreaterThanOrEqual(12); // was ~10
  const editorLines = Math.floor((await height(page, '.monaco-editor')) / 19);
  // The three share 780 px: a chart whose rows show 6.1's pool (e2e/timeline-navigation.spec.ts), the terminal's
  // 12 rows of text with CJK-wide glyphs (17 px rows), and the editor's 13 lines (the report: 10 and 13).
  expect(editorLines).toBeGreaterThanOrEqual(13);
  expect(await height(page, '#pane-chart')).toBeGreaterThanOrEqual(265);
  expect((await box(page, 'status')).height).toBeLessThanOrEqual(24); // was 70 in the report
  const seps = page.getByTestId('workspace').locator(':scope > [role="separator"]'); // the chart's label column has its own
  await expect(seps).toHaveCount(3);
  for (const s of await seps.all()) {
    await expect(s).toHaveAttribute('aria-valuenow', /^\d+$/);
    await expect(s).toHaveAttribute('aria-controls', /^pane-/);
    await expect(s).toHaveAttribute('tabindex', '0');
  }
});

test('separators move by mouse and keyboard, fold with Enter, reset on double-click, and are remembered', async ({
  page,
}) => {
  await openApp(page);
  const code0 = await height(page, '#pane-code');
  const chart0 = await height(page, '#pane-chart');
  const term0 = await height(page, '#pane-terminal');
  const side0 = await height(page, '#pane-side').then(() =>
    page
      .locator('#pane-side')
      .boundingBox()
      .then((b) => b!.width),
  );

  // Mouse: drag the editor's lower edge down by 60 px; the chart gives the room, the terminal keeps its size (and
  // the chart keeps more than its minimum for the terminal's 60 px below).
  const sep = await box(page, 'splitter-code');
  await page.mouse.move(sep.x + sep.width / 2, sep.y + sep.height / 2);
  await page.mouse.down();
  await page.mouse.move(sep.x + sep.width / 2, sep.y + sep.height / 2 + 30, { steps: 4 });
  await page.mouse.move(sep.x + sep.width / 2, sep.y + sep.height / 2 + 60, { steps: 4 });
  await page.mouse.up();
  expect(await height(page, '#pane-code')).toBeCloseTo(code0 + 60, -1);
  expect(await height(page, '#pane-chart')).toBeCloseTo(chart0 - 60, -1);
  expect(await height(page, '#pane-terminal')).toBeCloseTo(term0, -1);

  // Keyboard: the terminal's separator up three steps of 20 px; the side column's left by one Shift step (80 px).
  await page.getByTestId('splitter-term').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
  expect(await height(page, '#pane-terminal')).toBeCloseTo(term0 + 60, -1);
  await page.getByTestId('splitter-side').focus();
  await page.keyboard.press('Shift+ArrowLeft');
  const side1 = (await page.locator('#pane-side').boundingBox())!.width;
  expect(side1).toBeCloseTo(side0 + 80, -1);
  await expect(page.getByTestId('splitter-side')).toHaveAttribute(
    'aria-valuenow',
    String(Math.round((side1 / 1400) * 100)),
  );

  // Enter folds the terminal to its smallest, and Enter again brings it back.
  await page.getByTestId('splitter-term').focus();
  const before = await height(page, '#pane-terminal');
  await page.keyboard.press('Enter');
  expect(await height(page, '#pane-terminal')).toBeLessThanOrEqual(51);
  await page.keyboard.press('Enter');
  expect(await height(page, '#pane-terminal')).toBeCloseTo(before, 0);

  // Remembered in this browser.
  const code1 = await height(page, '#pane-code');
  await page.reload();
  await expect(page.locator('.monaco-editor').first()).toBeVisible();
  expect(await height(page, '#pane-code')).toBeCloseTo(code1, 0);
  expect((await page.locator('#pane-side').boundingBox())!.width).toBeCloseTo(side1, 0);

  // A double-click puts the default back.
  await page.getByTestId('splitter-code').dblclick();
  expect(await height(page, '#pane-code')).toBeCloseTo(code0, 0);
});

test('a run that ends with an error shows the error, not only the lines after it', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('missing-main-guard');
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('run').click();
  await waitForRunEnd(page);
  await expect.poll(() => visibleTerminal(page)).toContain('RuntimeError');
  await expect.poll(() => visibleTerminal(page)).toContain('Traceback (most recent call last)');
});

test('the process table keeps EXIT in view with long names and long waits', async ({ page }) => {
  await openApp(page);
  await setCode(
    page,
    `import { Process } from "multiprocessing";
import * as time from "time";
async function work() { await time.sleep(0.3); }
async function parent() {
  const c = new Process({ target: work, name: "SpawnPoolWorker-with-a-very-long-name-12345" });
  c.start();
  await c.join();
}
if (__name__ === "__main__") {
  const ps = [];
  for (let i = 0; i < 3; i++) {
    const p = new Process({ target: parent, name: \`AnotherRatherLongProcessName-\${i}\` });
    p.start();
    ps.push(p);
  }
  for (const p of ps) await p.join();
}
`,
  );
  await page.getByTestId('run').click();
  const side = (await page.locator('#pane-side').boundingBox())!;
  const exitInView = async () => {
    const cells = await page
      .locator('[data-testid="process-table"] tr td:last-child, [data-testid="process-table"] th:last-child')
      .all();
    for (const c of cells) {
      const b = (await c.boundingBox())!;
      if (b.x + b.width > side.x + side.width + 0.5) return false;
    }
    return cells.length > 1;
  };
  await expect.poll(() => page.locator('[data-testid="process-table"] tbody tr').count()).toBeGreaterThan(4);
  expect(await exitInView()).toBe(true); // while they wait on each other
  await waitForRunEnd(page);
  expect(await exitInView()).toBe(true);
  await expect(page.locator('[data-pid="1002"] td.name')).toHaveAttribute(
    'title',
    /^AnotherRatherLongProcessName-|^SpawnPoolWorker-with/,
  );
});
