// The gallery tour: every example at each size and in each language, at most `parallel` pages at a time.
import type { Browser } from 'playwright-core';
import { readGallery } from './observe';
import { plan, type GalleryEntry, type Lang, type Size } from './plan';
import { visit, type Shot } from './visit';

export interface TourOptions {
  /** Where the page is served (the production build). */
  baseUrl: string;
  /** Where the shots, index.html and summary.json go. */
  outDir: string;
  sizes: readonly Size[];
  langs: readonly Lang[];
  /** Only these example ids (in gallery order), or every one. */
  only?: readonly string[];
  /** Pages open at once (the machine is shared: at most 2). */
  parallel?: number;
  runTimeoutMs?: number;
  /** Told about each stop as it ends. */
  onShot?: (shot: Shot, done: number, total: number) => void;
}

export interface TourResult {
  gallery: GalleryEntry[];
  shots: Shot[];
  /** Problems of the tour as a whole (e.g. an unknown example asked for). */
  problems: string[];
  seconds: number;
}

/** The gallery as the page lists it, read from one page opened on the first example's link. */
async function galleryOf(browser: Browser, baseUrl: string): Promise<GalleryEntry[]> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } }); // the phone page is up soonest
  try {
    const page = await context.newPage();
    await page.goto(new URL('/', baseUrl).href);
    await page.waitForFunction(() => typeof (globalThis as { __mpplay?: unknown }).__mpplay === 'object', null, {
      timeout: 30_000,
    });
    return await readGallery(page);
  } finally {
    await context.close();
  }
}

/** Runs the tour and returns every shot in plan order (languages, then sizes, then the gallery's order). */
export async function runTour(browser: Browser, opts: TourOptions): Promise<TourResult> {
  const started = Date.now();
  const problems: string[] = [];
  const gallery = await galleryOf(browser, opts.baseUrl);
  if (!gallery.length) problems.push(`the page at ${opts.baseUrl} lists no examples`);
  let chosen = gallery;
  if (opts.only) {
    const unknown = opts.only.filter((id) => !gallery.some((e) => e.id === id));
    if (unknown.length)
      problems.push(`no such example: ${unknown.join(', ')} (see summary.json's gallery for the ids)`);
    chosen = gallery.filter((e) => opts.only!.includes(e.id));
  }
  const byId = new Map(gallery.map((e) => [e.id, e]));
  // Each shot keeps its place in the whole gallery (its file name's number), even when only some are chosen.
  const jobs = plan(gallery, opts.sizes, opts.langs).filter((j) => chosen.some((e) => e.id === j.id));
  const shots: Shot[] = new Array<Shot>(jobs.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < jobs.length; i = next++) {
      const job = jobs[i]!;
      shots[i] = await visit(browser, job, byId.get(job.id)!, {
        baseUrl: opts.baseUrl,
        outDir: opts.outDir,
        runTimeoutMs: opts.runTimeoutMs ?? 90_000,
      });
      opts.onShot?.(shots[i]!, ++done, jobs.length);
    }
  };
  const parallel = Math.max(1, Math.min(opts.parallel ?? 2, 2));
  await Promise.all(Array.from({ length: parallel }, worker));
  return { gallery, shots, problems, seconds: (Date.now() - started) / 1000 };
}

/** Every problem of a tour, one line each, with the shot it belongs to. */
export function tourProblems(result: TourResult): string[] {
  return [
    ...result.problems,
    ...result.shots.flatMap((s) =>
      s.problems.map((p) => `${s.lang}-${s.size} ${String(s.index).padStart(2, '0')}-${s.id}: ${p}`),
    ),
  ];
}
