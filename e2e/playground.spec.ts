// The playground end to end in Chromium: an example's lesson, Stop on an endless loop, compile errors, no foreign requests.
import { expect, test } from '@playwright/test';
import { appState, getCode, openApp, setCode, terminalText, waitForRunEnd } from './helpers';

const ENDLESS = `import { Process } from "multiprocessing";
import * as time from "time";

async function spin() {
  print("child spinning");
  await time.sleep(0.05);
  while (true) {}
}

if (__name__ === "__main__") {
  const p = new Process({ target: spin });
  p.start();
  print("parent spinning");
  await time.sleep(0.2);
  while (true) {}
}
`;

const HELLO = `import { Process } from "multiprocessing";

function greet(who: string) {
  print("hello", who);
}

if (__name__ === "__main__") {
  const p = new Process({ target: greet, args: ["again"] });
  p.start();
  await p.join();
  print("second run done", p.exitCode);
}
`;

/** Line 3 has the error; the column points at the unexpected `;`. */
const BROKEN = `import { Process } from "multiprocessing";

const answer: number = ;
print(answer);
`;

test('an example from the gallery runs and shows its lesson in the terminal', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('join-after-loop');
  await expect(page.getByTestId('lesson')).toContainText('3.4');
  await page.getByTestId('run').click();

  const end = await waitForRunEnd(page);
  expect(end).toMatchObject({ status: 'exited', exitCode: 0 });
  await expect(page.getByTestId('status')).toContainText('exit code 0');
  await expect.poll(() => terminalText(page)).toMatch(/\[1000 MainProcess\] Finished/);

  const text = await terminalText(page);
  const children = text.split('\n').filter((l) => /^\[\d+ Process-\d\] Child process \d \(\d+\)$/.test(l.trim()));
  expect(children, text).toHaveLength(5);
  // The lesson: joined after the loop, the five sleeps overlap, so "Finished" reports about 1 s, not 5: at least
  // one sleep, and well below the five sleeps end to end (measured in the same run, so a busy machine's slow
  // start-ups do not decide the verdict).
  const finished = Number(/Finished ([\d.]+)/.exec(text)?.[1]);
  const timeline = await page.evaluate(() =>
    (
      globalThis as unknown as {
        __mpplay: {
          timeline(): {
            rows: { kind: string; depth: number; spans: { state: string; start: number; end: number }[] }[];
          };
        };
      }
    ).__mpplay.timeline(),
  );
  const sleeps = timeline.rows
    .filter((r) => r.kind === 'process' && r.depth === 1)
    .flatMap((r) => r.spans.filter((x) => x.state === 'sleeping'));
  expect(sleeps).toHaveLength(5);
  const sleptMs = sleeps.reduce((n, x) => n + (x.end - x.start), 0);
  expect(finished).toBeGreaterThanOrEqual(0.9);
  expect(finished * 1000).toBeLessThan(sleptMs / 2);
  // MainProcess and its five children, every one joined (reaped) with exit code 0.
  const rows = page.getByTestId('process-table').locator('tbody tr');
  await expect(rows).toHaveCount(6);
  await expect(page.getByTestId('process-table').locator('tbody tr[data-state="reaped"]')).toHaveCount(6);
});

test('Stop cuts off endless loops in every process at once; the page stays responsive and runs again', async ({
  page,
}) => {
  await openApp(page);
  await setCode(page, ENDLESS);
  await page.getByTestId('run').click();
  await expect.poll(() => terminalText(page)).toContain('child spinning');
  await expect.poll(() => terminalText(page)).toContain('parent spinning');
  await expect(page.getByTestId('status')).toContainText('running');

  // How fast Stop is lives in the bench (bench/startup: Stop on busy loops in 8 processes, median of 20); here, that
  // it ends every process however busy, and that nothing they printed arrives after it.
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('status')).toContainText('stopped');
  expect((await appState(page)).status).toBe('stopped');
  await expect.poll(() => terminalText(page)).toContain('── stopped');
  const after = await terminalText(page);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  expect(await terminalText(page)).toBe(after);

  // Responsive: typing into the editor lands in the text at once.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('// typed after stop');
  await expect.poll(() => getCode(page)).toContain('// typed after stop');

  // A second run of a normal program works (Ctrl+Enter from inside the editor).
  await setCode(page, HELLO);
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Enter');
  const end = await waitForRunEnd(page);
  expect(end).toMatchObject({ status: 'exited', exitCode: 0 });
  await expect.poll(() => terminalText(page)).toContain('second run done 0');
  expect(await getCode(page)).toBe(HELLO); // the shortcut ran the code and typed nothing
  const text = await terminalText(page);
  expect(text).toMatch(/\[\d+ Process-1\] hello again/);
  expect(text).not.toContain('spinning'); // the terminal starts clean for each run
});

test('a print flood keeps the page responsive and Stop still ends it at once', async ({ page }) => {
  await openApp(page);
  await setCode(page, 'let i = 0;\nwhile (true) print("flood", i++);\n');
  await page.getByTestId('run').click();
  await expect.poll(() => terminalText(page)).toMatch(/\[1000 MainProcess\] flood \d+/);
  await expect.poll(async () => (await appState(page)).events).toBeGreaterThan(10_000);
  await page.getByTestId('stop').click();
  await expect(page.getByTestId('status')).toContainText('stopped'); // how fast: the bench's Stop table
  const events = (await appState(page)).events;
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  expect((await appState(page)).events).toBe(events); // the flood ended with Stop
  await page.getByTestId('example-picker').selectOption('isolation');
  await expect(page.getByTestId('lesson')).toContainText('2');
});

test('the editor text is autosaved per example and restored on reload', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('no-join');
  const edited = `${await getCode(page)}\n// my note on no-join\n`;
  await setCode(page, edited);
  await page.getByTestId('example-picker').selectOption('daemon');
  expect(await getCode(page)).not.toContain('my note');
  await openApp(page); // navigates again: a reload
  await expect(page.getByTestId('example-picker')).toHaveValue('daemon');
  await page.getByTestId('example-picker').selectOption('no-join');
  expect(await getCode(page)).toBe(edited);
  await page.getByTestId('reset-code').click();
  expect(await getCode(page)).not.toContain('my note');
});

test('a compile error shows line:col in the status, the terminal and the editor, and leaves the text alone', async ({
  page,
}) => {
  await openApp(page);
  await setCode(page, BROKEN);
  await expect
    .poll(() =>
      page.evaluate(() =>
        (globalThis as unknown as { __mpplay: { editorText(): string | null } }).__mpplay.editorText(),
      ),
    )
    .toBe(BROKEN);
  await page.getByTestId('run').click();

  const end = await waitForRunEnd(page);
  expect(end.status).toBe('compile-error');
  await expect(page.getByTestId('status')).toContainText(/compile error at 3:\d+/);
  await expect.poll(() => terminalText(page)).toMatch(/main\.ts:3:\d+: .*SyntaxError/);
  const markers = await page.evaluate(() =>
    (globalThis as unknown as { __mpplay: { runMarkers(): { line: number; column: number }[] } }).__mpplay.runMarkers(),
  );
  expect(markers).toHaveLength(1);
  expect(markers[0]?.line).toBe(3);
  expect(await getCode(page)).toBe(BROKEN);
  expect(
    await page.evaluate(() =>
      (globalThis as unknown as { __mpplay: { editorText(): string | null } }).__mpplay.editorText(),
    ),
  ).toBe(BROKEN);
  expect(end.events).toBe(0); // nothing ran
});

test('the page is cross-origin isolated and no request leaves 127.0.0.1', async ({ page, baseURL }) => {
  const foreign: string[] = [];
  const origin = new URL(baseURL ?? 'http://127.0.0.1').origin;
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:')) foreign.push(url);
  });
  await openApp(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // Exercise everything that loads lazily: the TS language service (a hover), a run (kernel + process workers).
  await setCode(page, HELLO);
  await page.getByTestId('run').click();
  expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 0 });
  await page.getByTestId('example-picker').selectOption('join-after-loop');
  await page.getByTestId('toggle-python').click();
  await expect(page.getByTestId('python-original')).toBeVisible();
  await expect(page.locator('.monaco-editor')).toHaveCount(2);
  expect(foreign).toEqual([]);
});

// Each example's run, its catalog expectations and its lesson's checks are the cross-engine suite's (engines/gallery.ts,
// Chromium among them) and the tour's; here, what only the editor shows: the port typechecks as the user sees it.
test('every gallery example typechecks in the editor against the API typings', async ({ page }) => {
  test.setTimeout(180_000);
  await openApp(page);
  const examples = await page.evaluate(() =>
    (globalThis as unknown as { __mpplay: { examples(): { id: string }[] } }).__mpplay.examples(),
  );
  expect(examples.length).toBeGreaterThanOrEqual(20); // sections 0-5 and the lessons beyond the seed
  for (const ex of examples) {
    await page.getByTestId('example-picker').selectOption(ex.id);
    // The port typechecks in the editor against the API typings (src/api/mpplay.d.ts), as the user sees it.
    const typeErrors = await page.evaluate(() =>
      (globalThis as unknown as { __mpplay: { typeErrors(): Promise<string[]> } }).__mpplay.typeErrors(),
    );
    expect(typeErrors, ex.id).toEqual([]);
  }
});
