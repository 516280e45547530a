// After a run: the replay scrubber moves the chart and the terminal together; a clicked terminal line shows its moment.
import { expect, test, type Page } from '@playwright/test';
import { openApp, terminalText } from './helpers';
import { children, drawn, runExample, sleepOf } from './timelineHelpers';

/** Clicks the terminal row that shows `text` (found in xterm's buffer). */
async function clickTerminalLine(page: Page, text: string): Promise<void> {
  const at = await page.evaluate((want) => {
    const term = (globalThis as unknown as { __term: any }).__term; // eslint-disable-line @typescript-eslint/no-explicit-any
    const b = term.buffer.active;
    for (let i = 0; i < b.length; i++) {
      if (!b.getLine(i).translateToString(true).includes(want)) continue;
      const r = document.querySelector('.terminal .xterm-screen')!.getBoundingClientRect();
      return { x: r.left + 40, y: r.top + ((i - b.viewportY + 0.5) * r.height) / term.rows };
    }
    return null;
  }, text);
  expect(at, `"${text}" is not in the terminal`).not.toBeNull();
  await page.mouse.click(at!.x, at!.y);
}

test('the replay scrubber moves the chart and the terminal together, at 0.25×–4×', async ({ page }) => {
  await openApp(page);
  const full = await runExample(page, 'join-in-loop', 6);
  await expect.poll(() => terminalText(page)).toContain('Finished');
  const third = sleepOf(children(full)[2]!);
  const mid = Math.round((third.start + third.end) / 2); // Process-3 sleeps; Process-4 is not born yet

  await page.getByTestId('replay-slider').fill(String(mid));
  await expect.poll(async () => (await drawn(page)).replayAt).toBeCloseTo(mid, -1);
  const d = await drawn(page);
  expect(children(d).map((r) => r.name)).toEqual(['Process-1', 'Process-2', 'Process-3']);
  for (const r of d.rows) for (const s of r.spans) expect(s.end).toBeLessThanOrEqual(d.replayAt! + 0.001);
  await expect.poll(() => terminalText(page)).toContain('Child process 1');
  let text = await terminalText(page);
  expect(text).not.toContain('Child process 2');
  expect(text).not.toContain('Finished');

  // Play on at 4×: the rest of the run arrives, rows and lines together, and the replay stops at the end.
  await page.getByTestId('replay-rate').selectOption('4');
  await page.getByTestId('replay-toggle').click();
  await expect.poll(() => terminalText(page), { timeout: 20_000 }).toContain('Finished');
  await expect(page.getByTestId('replay-toggle')).toContainText('Replay');
  expect(children(await drawn(page))).toHaveLength(5);
  text = await terminalText(page);
  expect(text).toMatch(/exit code 0/);

  await page.getByTestId('replay-done').click();
  await expect.poll(async () => (await drawn(page)).replayAt).toBeNull();
});

test('clicking a line in the terminal shows its moment on the chart', async ({ page }) => {
  await openApp(page);
  const d = await runExample(page, 'join-in-loop', 6);
  await expect.poll(() => terminalText(page)).toContain('Finished');
  const p3 = children(d)[2]!;
  const printed = p3.markers.find((m) => m.kind === 'output')!;
  await clickTerminalLine(page, `[${p3.pid} Process-3] Child process 2`);
  await expect.poll(async () => (await drawn(page)).cursor).toBe(printed.at);
  const after = await drawn(page);
  expect(after.focus).toMatch(/^printed\. Child process 2/);
  await expect(page.getByTestId('timeline-announce')).toContainText('Child process 2');
  // The moment is on screen.
  expect(after.scale.start).toBeLessThanOrEqual(printed.at);
  expect(after.scale.start + after.scale.width * after.scale.msPerPx).toBeGreaterThanOrEqual(printed.at);
});
