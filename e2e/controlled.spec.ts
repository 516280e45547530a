// Controlled runs on the browser host (issue 16): the page's own workers follow a schedule found by the CLI's
// `mpplay explore`, and the page prints what `mpplay run --schedule` prints for it, line for line, with the
// Value's read and write as separate scheduling points (the page is cross-origin isolated).
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { decodeSchedule } from '../src/share/schedule';
import { openApp, setCode, terminalText, waitForRunEnd } from './helpers';

const COUNTER = `import { Process, Value } from "multiprocessing";
function add(counter: Value, name: string) {
  for (const _ of range(3)) counter.value += 1;
  print(name, "done");
}
if (__name__ === "__main__") {
  const counter = Value("i", 0);
  const ps = ["a", "b"].map((n) => new Process({ target: add, args: [counter, n] }));
  for (const p of ps) p.start();
  for (const p of ps) await p.join();
  print("counter =", counter.value);
  assert(counter.value === 6, "an update was lost");
}
`;

interface Hooks {
  __mpplay: { options(): { seed: number }; run(opts: { schedule: number[] }): void };
}

function mpplay(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/mpplay.mjs', ...args], { timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

test('a schedule found by the CLI replays on the page with the same output as on Node', async ({ page }) => {
  test.setTimeout(180_000);
  const file = join(mkdtempSync(join(tmpdir(), 'mpplay-e2e-')), 'counter.ts');
  writeFileSync(file, COUNTER);
  // A run that loses an update: a plain run of 2 × 3 increments almost never does, in a browser or on Node.
  const found = await mpplay(['explore', file, '--until', 'assert', '--strategy', 'random', '--runs', '200']);
  expect(found.code, found.stderr).toBe(0);
  const line = /^schedule: (\S+)$/m.exec(found.stdout)![1]!;
  const node = await mpplay(['run', file, '--schedule', line]);
  expect(node.code, node.stderr).toBe(1);
  expect(node.stderr).toContain('an update was lost');
  const decoded = await decodeSchedule(line);
  if (!decoded.ok) throw new Error(decoded.message);

  await page.goto('/');
  await openApp(page);
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  expect(await page.evaluate(() => (globalThis as unknown as Hooks).__mpplay.options().seed)).toBe(
    decoded.schedule.seed,
  );
  await setCode(page, COUNTER);
  const choices = decoded.schedule.choices;
  await page.evaluate((schedule) => (globalThis as unknown as Hooks).__mpplay.run({ schedule }), choices);
  expect(await waitForRunEnd(page, 60_000)).toMatchObject({ status: 'exited', exitCode: 1 });
  const lines = node.stdout.trimEnd().split('\n');
  const shown = await terminalText(page);
  // The terminal shows the program's lines in the order Node printed them.
  let at = 0;
  for (const l of lines) {
    const i = shown.indexOf(l, at);
    expect(i, `"${l}" after position ${at} in:\n${shown}`).toBeGreaterThanOrEqual(0);
    at = i + l.length;
  }
  expect(lines.at(-1)).toMatch(/^counter = [1-5]$/);
  expect(shown).toContain('an update was lost');
});
