// The timeline shows each lesson, checked on what the chart drew: staircase vs parallel bars, lost items, Pool waves.
import { expect, test } from '@playwright/test';
import { openApp } from './helpers';
import { children, runExample, sleepOf } from './timelineHelpers';

test.describe('the chart shows the lesson', () => {
  test('join-in-loop: five children one after another, a staircase', async ({ page }) => {
    await openApp(page);
    const d = await runExample(page, 'join-in-loop', 6);
    const kids = children(d);
    expect(kids.map((k) => k.name)).toEqual(['Process-1', 'Process-2', 'Process-3', 'Process-4', 'Process-5']);
    for (let i = 1; i < kids.length; i++) {
      const prev = kids[i - 1]!;
      const cur = kids[i]!;
      // Each bar starts right of where the one above it ended, on the canvas and in time; each row is lower.
      expect(cur.spans[0]!.x0).toBeGreaterThanOrEqual(prev.spans.at(-1)!.x1 - 1);
      expect(sleepOf(cur).start).toBeGreaterThan(sleepOf(prev).end);
      expect(cur.y).toBeGreaterThan(prev.y);
    }
    const main = d.rows.find((r) => r.name === 'MainProcess')!;
    expect(main.spans.filter((s) => s.state === 'blocked').map((s) => s.label)).toEqual(
      kids.map((k) => `join(${k.name})`),
    );
    // The whole run is in view and the summary says what the bars show: one process busy at a time.
    expect(d.follow).toBe(true);
    expect(Math.max(...kids.map((k) => k.spans.at(-1)!.x1))).toBeLessThanOrEqual(d.gutter + d.scale.width);
    expect(d.summary.parallelism).toBeLessThan(1.3);
    await expect(page.getByTestId('summary-parallelism')).toHaveText(/^parallelism (0\.\d\d|1\.[0-2]\d)×$/);
  });

  test('join-after-loop: the same five children overlap, bars in parallel', async ({ page }) => {
    await openApp(page);
    const d = await runExample(page, 'join-after-loop', 6);
    const kids = children(d);
    expect(kids).toHaveLength(5);
    const sleeps = kids.map(sleepOf);
    // One vertical line crosses all five sleeping bars, and together they cover at most half of what they would
    // end to end (a relation within the run: staggered start-ups on a busy machine do not decide it).
    expect(Math.max(...sleeps.map((s) => s.x0))).toBeLessThan(Math.min(...sleeps.map((s) => s.x1)));
    const covered = Math.max(...sleeps.map((s) => s.end)) - Math.min(...sleeps.map((s) => s.start));
    expect(covered).toBeLessThanOrEqual(sleeps.reduce((n, s) => n + (s.end - s.start), 0) / 2);
    // Sleep is not running code: five seconds of sleep, overlapping, counted apart from the running. (Not
    // parallelism below 1: beside the CPU hog the children's prints and exits after their sleeps, running code,
    // stretched to 2.2 s of the run's 2 s, parallelism 1.12, while they slept 5 s.)
    expect(d.summary.sleepingMs).toBeGreaterThan(4999);
    expect(d.summary.runningMs).toBeLessThan(d.summary.sleepingMs);
  });

  test('queue-sentinel: every item taken has its arrow, the items never taken are marked', async ({ page }) => {
    await openApp(page);
    const d = await runExample(page, 'queue-sentinel', 6);
    const items = d.flows.filter((f) => f.kind === 'item' && f.obj === 'Queue#1');
    expect(items.length).toBeGreaterThan(9);
    for (const f of items) expect(f.lost || f.to !== null).toBe(true);
    const queue = d.rows.find((r) => r.kind === 'queue' && r.name === 'Queue#1')!;
    expect(queue.depthSteps).toBeGreaterThan(0);
    const lost = items.filter((f) => f.lost);
    expect(d.summary.items.lost).toBe(lost.length);
    if (lost.length) {
      expect(queue.markers.some((m) => m.kind === 'untaken' && m.text.includes(lost[0]!.summary))).toBe(true);
      await expect(page.getByTestId('summary-lost')).toBeVisible();
    }
  });

  test('pool-apply-async-right: four waves of five tasks on five workers, under their pool', async ({ page }) => {
    await openApp(page);
    const d = await runExample(page, 'pool-apply-async-right', 6);
    const pool = d.rows.find((r) => r.kind === 'pool')!;
    const workers = d.rows.filter((r) => r.parent === pool.key);
    expect(workers).toHaveLength(5);
    const tasks = workers.flatMap((w) => w.tasks).sort((a, b) => a.start - b.start);
    expect(tasks).toHaveLength(20);
    // Waves: the tasks starting together, each wave after the previous one ended.
    for (let w = 1; w < 4; w++) {
      const wave = tasks.slice(w * 5, w * 5 + 5);
      const before = tasks.slice((w - 1) * 5, w * 5);
      expect(Math.min(...wave.map((t) => t.start))).toBeGreaterThanOrEqual(Math.min(...before.map((t) => t.end)) - 1);
    }
    expect(d.summary.pools[0]!.concurrency).toBeGreaterThan(3);
    await expect(page.getByTestId('summary-poolTime')).toContainText(/tasks at once \d\.\d\d×/);
  });
});
