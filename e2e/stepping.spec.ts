// The learner as the scheduler, on the page, by keyboard alone (issue 16): on the gallery's lost-update example the
// learner's own choices lose an update (both processes read before either writes) or keep every one (each write
// right after its read); undo takes the panel and the terminal back a step; N goes on to a choice that matters.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { appState, openApp, terminalText, withoutIsolation } from './helpers';

interface Stepping {
  open: boolean;
  phase: string;
  seq: number;
  step: number | null;
  options: string[];
  matters: boolean | null;
}
interface Hooks {
  __mpplay: { stepping(): Stepping };
}

/** Serious or critical axe violations inside `selector`. */
async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).include(selector).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

const stepping = (page: Page) => page.evaluate(() => (globalThis as unknown as Hooks).__mpplay.stepping());

/** Waits until the run is at a new point or over (its `seq` moved past `after`), and returns what the panel holds. */
async function settled(page: Page, after: number): Promise<Stepping> {
  await expect
    .poll(async () => {
      const s = await stepping(page);
      return s.seq > after && s.phase !== 'running';
    })
    .toBe(true);
  const s = await stepping(page);
  if (s.phase === 'asking') {
    // The panel shows what the store holds, and the focus is on its first choice.
    await expect(page.getByTestId('step-choice')).toHaveText(s.options.map((o, i) => `${i + 1} ${o}`));
    await expect(page.getByTestId('step-choice').first()).toBeFocused();
  }
  return s;
}

/** The option to pick: the first whose label the policy likes best (a lower rank), by its key (1–9). */
function pick(options: string[], rank: (label: string) => number): string {
  let best = 0;
  options.forEach((o, i) => {
    if (rank(o) < rank(options[best]!)) best = i;
  });
  return String(best + 1);
}
/** Reads first: every process reads the counter before anyone writes it back (the lost update). */
const readsFirst = (o: string) => (o.endsWith('(read)') ? 0 : o.endsWith('(write)') ? 2 : 1);
/** Writes first: a process that has read writes back before anyone else reads (no update lost). */
const writesFirst = (o: string) => (o.endsWith('(write)') ? 0 : o.endsWith('(read)') ? 2 : 1);

/** Steps through a whole run with `rank`, by keys; returns each point's options, in order. */
async function stepThrough(page: Page, rank: (label: string) => number): Promise<Stepping[]> {
  let s = await settled(page, (await stepping(page)).seq - 1);
  const points: Stepping[] = [];
  while (s.phase === 'asking') {
    points.push(s);
    await page.keyboard.press(pick(s.options, rank));
    s = await settled(page, s.seq);
  }
  expect(s.phase).toBe('ended');
  return points;
}

async function start(page: Page): Promise<void> {
  const before = (await stepping(page)).seq;
  await page.keyboard.press('Control+Alt+Enter');
  await settled(page, before);
}

/** MainProcess's `counter = N, 期望 4` line, without its `[1000 MainProcess]` prefix. */
async function counterLine(page: Page): Promise<string> {
  await expect.poll(() => terminalText(page)).toMatch(COUNTER);
  return COUNTER.exec(await terminalText(page))![1]!;
}
const COUNTER = /^\[1000 MainProcess\] (counter = \d+.*)$/m;

test('keyboard alone: the learner loses an update by their own choices, undoes, goes on to a choice that matters, and keeps every update with the opposite choices', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openApp(page, '/?example=lost-update');
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);

  // Reads first: both processes read 0 before either writes back.
  await start(page);
  await expect(page.getByTestId('scheduler-no-shared')).toHaveCount(0);
  await expect(page.getByTestId('scheduler-live')).toContainText(
    /^Step \d+, program time 0 s\. Who takes the next step: 1 \S+: .+; 2 \S+: /,
  );
  expect(await seriousViolations(page, '[data-testid="scheduler"]')).toEqual([]);
  const lost = await stepThrough(page, readsFirst);
  const all = lost.flatMap((p) => p.options);
  expect(all).toContain('Process-1: Value#1.value (read)');
  expect(all).toContain('Process-2: Value#1.value (write)');
  expect(all.some((o) => /^MainProcess: (start Process-2|join\(Process-1\))$/.test(o))).toBe(true);
  const line = await counterLine(page);
  expect(Number(/^counter = (\d+)/.exec(line)![1])).toBeLessThan(4);
  expect(await appState(page)).toMatchObject({ status: 'exited', exitCode: 1 });
  await expect(page.getByTestId('scheduler-end')).toContainText('exit code 1');

  // Undo at the end: the last point comes back, and the terminal no longer shows what came after it.
  let s = await stepping(page);
  await page.keyboard.press('u');
  s = await settled(page, s.seq);
  expect(s.phase).toBe('asking');
  expect({ step: s.step, options: s.options }).toEqual({ step: lost.at(-1)!.step, options: lost.at(-1)!.options });
  await expect.poll(() => terminalText(page)).not.toMatch(COUNTER);
  expect(await appState(page)).toMatchObject({ status: 'running' });
  // Undo again (Backspace): the point before it.
  await page.keyboard.press('Backspace');
  s = await settled(page, s.seq);
  expect({ step: s.step, options: s.options }).toEqual({ step: lost.at(-2)!.step, options: lost.at(-2)!.options });

  // Esc leaves: the run that waited is stopped and the panel is gone.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('scheduler')).toHaveCount(0);
  await expect(page.getByTestId('step')).toBeFocused();
  expect(await appState(page)).toMatchObject({ status: 'stopped' });

  // N: from the first point on, the plain choice is taken wherever the order cannot matter.
  await start(page);
  s = await stepping(page);
  const first = s;
  await page.keyboard.press('n');
  s = await settled(page, s.seq);
  expect(s.phase).toBe('asking');
  expect(s.step!).toBeGreaterThan(first.step!);
  expect(s.matters).toBe(true);
  await expect(page.getByTestId('scheduler-matters')).toHaveAttribute('data-matters', 'true');
  // The choices offered there touch one object: two processes at the counter.
  expect(s.options.filter((o) => o.includes('Value#1.value')).length).toBeGreaterThanOrEqual(2);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('scheduler')).toHaveCount(0);

  // The opposite choices: every write right after its read, and the total is right.
  await start(page);
  const kept = await stepThrough(page, writesFirst);
  expect(kept.length).toBeGreaterThan(0);
  expect(await counterLine(page)).toMatch(/^counter = 4\b/);
  expect(await appState(page)).toMatchObject({ status: 'exited', exitCode: 0 });
  await expect(page.getByTestId('scheduler-end')).toContainText('exit code 0');
  await expect(page.getByTestId('scheduler-live')).toContainText('exit code 0');
});

test('without cross-origin isolation the panel says Value/Array accesses are not points there; kernel calls still are: the lock-order deadlock by keys', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await withoutIsolation(page);
  await openApp(page, '/?example=lock-order-deadlock');
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(false);
  await start(page);
  await expect(page.getByTestId('scheduler-no-shared')).toContainText(
    'reads and writes of a Value or Array are not scheduling points here',
  );
  // Each process takes its first lock before either takes its second: each then waits for the other's.
  const holding = new Set<string>();
  let s = await stepping(page);
  const seen: string[] = [];
  while (s.phase === 'asking') {
    seen.push(...s.options);
    let i = s.options.findIndex((o) => o.endsWith('.acquire()') && !holding.has(o.split(':')[0]!));
    if (i < 0) i = s.options.findIndex((o) => !o.endsWith('.acquire()'));
    if (i < 0) i = 0;
    if (s.options[i]!.endsWith('.acquire()')) holding.add(s.options[i]!.split(':')[0]!);
    await page.keyboard.press(String(i + 1));
    s = await settled(page, s.seq);
  }
  expect(seen).toContain('Process-1: Lock#1.acquire()');
  expect(seen).toContain('Process-2: Lock#2.acquire()');
  expect(await appState(page)).toMatchObject({ status: 'exited', exitCode: 124, reason: 'deadlock' });
  await expect(page.getByTestId('scheduler-end')).toContainText('exit code 124');
  // A plain Run takes the page over: the panel goes, and the run is the operating system's again.
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('scheduler')).toHaveCount(0);
  // (It ends on its own, asking nothing; whether it deadlocks is up to the machine, so only that it ends is checked.)
  await expect.poll(async () => (await appState(page)).status, { timeout: 60_000 }).toBe('exited');
  expect((await stepping(page)).open).toBe(false);
});

test('while the learner steps, the chart shows no replay bar (it follows the steps), and a child the learner let run its code reads as running, not created', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page, '/?example=lost-update');
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  const row = (name: string) =>
    page
      .getByTestId('process-table')
      .locator('tbody tr')
      .filter({ has: page.locator('td.name', { hasText: new RegExp(`^${name}$`) }) });

  await start(page);
  let s = await stepping(page);
  // On to the first point where a child's first step is offered: its read of the counter (no kernel call before it).
  let child = '';
  while (s.phase === 'asking' && !child) {
    const i = s.options.findIndex((o) => /^Process-\d+: Value#1\.value \(read\)$/.test(o));
    if (i >= 0) {
      child = s.options[i]!.split(':')[0]!;
      await expect(row(child)).toHaveAttribute('data-state', 'created'); // started by its parent, not yet picked
      await page.keyboard.press(String(i + 1));
    } else {
      await page.keyboard.press('1');
    }
    s = await settled(page, s.seq);
  }
  expect(child).not.toBe('');
  expect(s.phase).toBe('asking');
  // It has read the counter (its code runs) and waits to write it back: running, though it made no kernel call.
  expect(s.options).toContain(`${child}: Value#1.value (write)`);
  await expect(row(child)).toHaveAttribute('data-state', 'running');
  await expect(row(child).locator('td.letter')).toHaveText('R');
  await expect(page.getByTestId('timeline-scrubber')).toHaveCount(0);

  // To the end on its own (E): the run is over, and the replay bar is back.
  await page.keyboard.press('e');
  s = await settled(page, s.seq);
  expect(s.phase).toBe('ended');
  await expect(page.getByTestId('timeline-scrubber')).toBeVisible();
});
