// Test hooks of the timeline (src/ui/timeline/testHooks.ts) for the browser tests: what the chart drew, fixed traces.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import type { TraceFile } from '../src/protocol/trace';
import type { DrawnTimeline } from '../src/ui/timeline/testHooks';

interface Hooks {
  __mpplay: {
    timeline(): DrawnTimeline;
    timelineLoad(file: TraceFile | null): Promise<void>;
    timelineSvg(): string;
    timelineChrome(): { json: string; problems: string[] };
    timelinePng(): Promise<{ bytes: number; type: string }>;
    examples(): { id: string }[];
  };
}

export type { DrawnTimeline };

/** What the chart drew last. */
export function drawn(page: Page): Promise<DrawnTimeline> {
  return page.evaluate(() => (globalThis as unknown as Hooks).__mpplay.timeline());
}

/** Waits until the chart has drawn a finished run with `rows` process rows at least, and returns it. */
export async function drawnRun(page: Page, rows: number): Promise<DrawnTimeline> {
  await expect
    .poll(async () => {
      const d = await drawn(page);
      return !d.live && d.rows.filter((r) => r.kind === 'process').length >= rows;
    })
    .toBe(true);
  return drawn(page);
}

/** A committed trace (e2e/fixtures/NAME.trace.json), drawn instead of a live run: the same pixels every time. */
export async function loadFixture(page: Page, name: string): Promise<TraceFile> {
  const file = JSON.parse(readFileSync(`e2e/fixtures/${name}.trace.json`, 'utf8')) as TraceFile;
  await page.evaluate((f) => (globalThis as unknown as Hooks).__mpplay.timelineLoad(f), file);
  return file;
}

/** Runs a gallery example at ×10 and waits for the chart to draw its end. */
export async function runExample(page: Page, id: string, rows: number): Promise<DrawnTimeline> {
  await page.getByTestId('example-picker').selectOption(id);
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('run').click();
  return drawnRun(page, rows);
}

/** The rows of processes at tree depth 1 (MainProcess's children). */
export function children(d: DrawnTimeline) {
  return d.rows.filter((r) => r.kind === 'process' && r.depth === 1);
}

/** A row's sleeping span (the examples' stand-in for work). */
export function sleepOf(row: DrawnTimeline['rows'][number]) {
  const s = row.spans.find((x) => x.state === 'sleeping');
  if (!s) throw new Error(`${row.name} never slept`);
  return s;
}
