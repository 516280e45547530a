// The seed's 6.4 in Chromium: pool-apply-async-right runs on five SpawnPoolWorker Web Workers, its twenty lines reach the terminal, and the chart shows four waves of five.
import { expect, test } from '@playwright/test';
import { terminalText, waitForRunEnd } from './helpers';

interface Timeline {
  rows: {
    kind: string;
    name: string;
    tasks: { job: number; fn: string; start: number; end: number; ok: boolean | null }[];
  }[];
  summary: { pools: { workers: number; tasks: number; concurrency: number; speedup: { ratio: number } | null }[] };
}

const WORKER_LINE = /^\[(\d+) (SpawnPoolWorker-[1-5])\] (\d+)$/;

test('pool-apply-async-right runs in the browser: 20 tasks printed by 5 pool workers, in four waves of five', async ({
  page,
}) => {
  await page.goto('/?example=pool-apply-async-right');
  await expect(page.getByTestId('lesson')).toContainText('6.4');
  await expect.poll(() => page.evaluate(() => typeof (globalThis as { __term?: unknown }).__term)).toBe('object');
  await page.getByTestId('speed').selectOption('10'); // 20 tasks of 1–2 s: ~4–8 program-seconds, under a second here
  await page.getByTestId('run').click();

  const end = await waitForRunEnd(page);
  expect(end).toMatchObject({ status: 'exited', exitCode: 0 });
  await expect
    .poll(async () => (await terminalText(page)).split('\n').filter((l) => WORKER_LINE.test(l)))
    .toHaveLength(20);

  const text = await terminalText(page);
  const lines = text.split('\n').flatMap((l) => {
    const m = WORKER_LINE.exec(l.trim());
    return m ? [{ pid: Number(m[1]), worker: m[2]!, n: Number(m[3]) }] : [];
  });
  // Each task prints i + 1 once: 1 to 20, whichever of the five workers ran it.
  expect(
    lines.map((l) => l.n).sort((a, b) => a - b),
    text,
  ).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  const workers = new Map(lines.map((l) => [l.worker, l.pid]));
  expect(workers.size, text).toBeGreaterThanOrEqual(4); // five at once, so (nearly) every worker takes some
  expect(new Set(workers.values()).size).toBe(workers.size); // one pid per worker: processes, reused across tasks
  // The main process prints nothing of its own.
  expect(
    text.split('\n').filter((l) => /^\[\d+ MainProcess\]/.test(l.trim())),
    text,
  ).toEqual([]);

  // The chart: one task span per applyAsync, on five worker rows, never more than five at once, and the pool's
  // summary several tasks at once on average.
  const timeline = await page.evaluate(() =>
    (globalThis as unknown as { __mpplay: { timeline(): Timeline } }).__mpplay.timeline(),
  );
  const tasks = timeline.rows.flatMap((r) => r.tasks.map((t) => ({ ...t, row: r.name })));
  expect(tasks).toHaveLength(20);
  expect(tasks.every((t) => t.fn === 'task' && t.ok === true)).toBe(true);
  expect(new Set(tasks.map((t) => t.row)).size).toBe(5);
  const edges = tasks.flatMap((t) => [
    [t.start, 1],
    [t.end, -1],
  ]);
  edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let running = 0;
  let most = 0;
  for (const [, d] of edges) most = Math.max(most, (running += d!));
  expect(most).toBe(5);
  const [pool] = timeline.summary.pools;
  expect(pool).toMatchObject({ workers: 5, tasks: 20 });
  // Several tasks at once on average (one at a time would be 1); a speed-up needs an earlier pool of the same
  // tasks to be measured against (the CPU-bound lesson's), and this program has none.
  expect(pool!.concurrency).toBeGreaterThan(3);
  expect(pool!.speedup).toBeNull();
});
