// The deadlock report on the page: joinable-queue-hang in Chromium ends by itself, and the terminal and the status line say who waits on what.
import { expect, test } from '@playwright/test';
import { appState, openApp, terminalText, waitForRunEnd } from './helpers';

test('joinable-queue-hang ends as a deadlock: the report in the terminal, labelled mpplay, and the status says so', async ({
  page,
}) => {
  await openApp(page);
  await page.getByTestId('example-picker').selectOption('joinable-queue-hang');
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('run').click();

  // Python would hang here for ever; mpplay ends the run within seconds of the last consumer starting to wait.
  const end = await waitForRunEnd(page, 30_000);
  expect(end).toMatchObject({ status: 'exited', exitCode: 124, reason: 'deadlock' });

  // The status line says the run deadlocked, and with which exit code.
  const status = page.getByTestId('status');
  await expect(status).toHaveAttribute('data-reason', 'deadlock');
  await expect(status).toContainText('deadlock');
  await expect(status).toContainText('exit code 124');

  // The kernel's report, every line labelled [0 mpplay] (not an unknown process), after all nine products.
  await expect.poll(() => terminalText(page)).toContain('waits in JoinableQueue#1.join()');
  const text = await terminalText(page);
  const lines = text.split('\n').map((l) => l.trim());
  expect(
    lines.filter((l) => /^\[\d+ Process-[45]\] ----------Consumer_0[12]消费了/.test(l)),
    text,
  ).toHaveLength(9);
  const report = lines.filter((l) => l.startsWith('[0 '));
  expect(
    report.every((l) => l.startsWith('[0 mpplay] ')),
    text,
  ).toBe(true);
  expect(report[0]).toContain('mpplay: deadlock: every live process is waiting');
  expect(report).toContain(
    '[0 mpplay]   MainProcess (pid 1000) waits in JoinableQueue#1.join(): 9 tasks were taken by get() but never marked taskDone()',
  );
  expect(report.filter((l) => /Process-[45] \(pid \d+\) waits in JoinableQueue#1\.get\(\)/.test(l))).toHaveLength(2);
  expect(report.at(-1)).toContain('exit code 124');
  expect(text).not.toContain('[0 ?]');
  expect(text).not.toContain('主...');
  const lastConsumed = lines.map((l) => l.includes('消费了')).lastIndexOf(true);
  expect(lines.indexOf(report[0]!)).toBeGreaterThan(lastConsumed);

  // Every process is gone: nothing is left running or waiting.
  expect((await appState(page)).status).toBe('exited');
  await expect(page.getByTestId('process-table').locator('tbody tr[data-state="running"]')).toHaveCount(0);
  await expect(page.getByTestId('process-table').locator('tbody tr[data-state="blocked"]')).toHaveCount(0);
});
