// One stop of the tour: open an example from its link, run it to its end, screenshot the page, and check what it shows.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  hooksReady,
  NOT_ENDED,
  outputProblems,
  readLesson,
  readRun,
  readTerminal,
  sidewaysScroll,
  stopRun,
  untranslatedWords,
  type RunState,
} from './observe';
import { exampleLink, shotPath, type GalleryEntry, type Job } from './plan';

/** What one stop saw, and what was wrong with it (nothing: `problems` is empty). */
export interface Shot {
  lang: Job['lang'];
  size: Job['size']['name'];
  index: number;
  id: string;
  /** The screenshot, relative to the tour's output folder (absent if the page never came up). */
  file: string | null;
  title: string;
  lesson: string;
  run: RunState | null;
  /** The terminal's line with "Finished" in it, if the program printed one (the lessons' timing figure). */
  finished: string | null;
  /** The terminal's last lines. */
  tail: string[];
  seconds: number;
  problems: string[];
}

export interface VisitOptions {
  baseUrl: string;
  outDir: string;
  /** How long a run may take before it counts as stuck, in ms. */
  runTimeoutMs: number;
}

const TAIL_LINES = 6;

/** Waits until the run leaves idle/compiling/running, or the time is up; returns the last state seen. */
async function waitForEnd(page: Page, timeoutMs: number): Promise<RunState> {
  const until = Date.now() + timeoutMs;
  let state = await readRun(page);
  while (NOT_ENDED.has(state.status) && Date.now() < until) {
    await page.waitForTimeout(150);
    state = await readRun(page);
  }
  return state;
}

/** Lets the terminal and the chart paint what the end of the run brought (two frames, then xterm's write queue). */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100)))),
  );
}

/** What is wrong with how a run ended: not ended, failed, or not the exit code and output its example expects. */
export function runProblems(entry: GalleryEntry, run: RunState, lines: readonly string[]): string[] {
  if (NOT_ENDED.has(run.status)) return [`the run did not end: still "${run.status}" (${run.statusText})`];
  if (run.status !== 'exited' && run.status !== 'stopped')
    return [`the run ended as "${run.status}": ${run.statusText}`];
  const problems: string[] = [];
  if (entry.exitCode !== null && run.exitCode !== entry.exitCode)
    problems.push(`exit code ${String(run.exitCode)}, the example expects ${entry.exitCode}`);
  const { missing, present } = outputProblems(lines, entry.output, entry.absent);
  if (missing.length) problems.push(`output lacks, in order: ${missing.map((m) => JSON.stringify(m)).join(', ')}`);
  if (present.length)
    problems.push(`output shows what it must not: ${present.map((m) => JSON.stringify(m)).join(', ')}`);
  if (problems.length && entry.rarely && runProblems(entry.rarely, run, lines).length === 0) return [];
  return problems;
}

/** The checks of one stop, on the page as it is at the end of the run. */
async function check(page: Page, job: Job, entry: GalleryEntry, run: RunState, lines: string[]): Promise<string[]> {
  const problems = runProblems(entry, run, lines);
  const sideways = await sidewaysScroll(page);
  if (sideways > 0) problems.push(`the page scrolls sideways by ${sideways} px at ${job.size.width} px wide`);
  if (job.lang === 'zh') {
    const words = await untranslatedWords(page);
    if (words.length) problems.push(`English left in the 中文 UI: ${words.join('; ')}`);
  }
  return problems;
}

/** Opens `job`'s example in a fresh context (no drafts or settings carried over), runs it, and screenshots the end. */
export async function visit(browser: Browser, job: Job, entry: GalleryEntry, opts: VisitOptions): Promise<Shot> {
  const started = Date.now();
  const shot: Shot = {
    lang: job.lang,
    size: job.size.name,
    index: job.index,
    id: job.id,
    file: null,
    title: '',
    lesson: '',
    run: null,
    finished: null,
    tail: [],
    seconds: 0,
    problems: [],
  };
  const context = await browser.newContext({
    viewport: { width: job.size.width, height: job.size.height },
    isMobile: job.size.mobile,
    hasTouch: job.size.mobile,
    locale: job.lang === 'zh' ? 'zh-CN' : 'en-US',
  });
  const pageErrors: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(exampleLink(opts.baseUrl, job));
    await page.waitForFunction(() => document.readyState === 'complete');
    const up = Date.now() + 30_000;
    while (!(await hooksReady(page))) {
      if (Date.now() > up) throw new Error('the page did not come up in 30 s (no __mpplay/__term hooks)');
      await page.waitForTimeout(100);
    }
    const run = page.getByTestId(job.size.mobile ? 'phone-run-button' : 'run');
    await run.click();
    let state = await waitForEnd(page, opts.runTimeoutMs);
    await settle(page);
    state = await readRun(page);
    const lines = await readTerminal(page);
    Object.assign(shot, await readLesson(page));
    shot.run = state;
    shot.finished = lines.find((l) => /Finished/.test(l))?.trim() ?? null;
    shot.tail = lines.slice(-TAIL_LINES);
    shot.problems.push(...(await check(page, job, entry, state, lines)));
    const file = shotPath(job);
    await mkdir(dirname(join(opts.outDir, file)), { recursive: true });
    await page.screenshot({ path: join(opts.outDir, file), fullPage: true });
    shot.file = file;
    if (NOT_ENDED.has(state.status)) await stopRun(page).catch(() => {});
  } catch (e) {
    shot.problems.push(`the visit failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  } finally {
    await context.close();
  }
  for (const m of pageErrors) shot.problems.push(`uncaught error on the page: ${m}`);
  shot.seconds = (Date.now() - started) / 1000;
  return shot;
}
