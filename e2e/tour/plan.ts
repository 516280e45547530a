// The gallery tour's plan: which sizes and languages, in what order, and where each shot goes.
import { join } from 'node:path';
import { LANGS, SPEEDS, type Lang } from '../../src/share/options';

/**
 * Where `npm run tour` writes unless told (`--out`): a folder of its own, not under test-results/, which every
 * Playwright run empties (it is the config's outputDir), so a test run never deletes the tour's shots.
 */
export const TOUR_OUT = 'tour-shots';

/** A screen the tour looks through. */
export interface Size {
  name: 'desktop' | 'phone';
  width: number;
  height: number;
  /** A phone: touch, mobile viewport, and the phone layout's own Run button. */
  mobile: boolean;
}

/** The two screens issue 15 was tried on. */
export const SIZES: readonly Size[] = [
  { name: 'desktop', width: 1400, height: 860, mobile: false },
  { name: 'phone', width: 390, height: 844, mobile: true },
];

export { LANGS, type Lang };

/** The page's highest speed setting, so sleeps are short. */
export const TOP_SPEED = Math.max(...SPEEDS);

/** One visit: an example, at one size, in one language. */
export interface Job {
  lang: Lang;
  size: Size;
  /** 1-based place of the example in the gallery. */
  index: number;
  id: string;
}

/** A gallery example as the page lists it (`__mpplay.examples()`): its id and, if any, its expected exit code. */
export interface GalleryEntry {
  id: string;
  exitCode: number | null;
  output: readonly string[];
  absent: readonly string[];
  /** Another way a run may end, rarely (the catalog expect's `rarely`): a run that ends so is right too. */
  rarely?: Omit<GalleryEntry, 'rarely'>;
}

/** Every visit, grouped by language then size, each group in gallery order. */
export function plan(gallery: readonly GalleryEntry[], sizes: readonly Size[], langs: readonly Lang[]): Job[] {
  const jobs: Job[] = [];
  for (const lang of langs)
    for (const size of sizes) gallery.forEach((e, i) => jobs.push({ lang, size, index: i + 1, id: e.id }));
  return jobs;
}

/** The folder of one group of shots, relative to the tour's output folder: `en-desktop`. */
export const groupDir = (lang: Lang, size: Size): string => `${lang}-${size.name}`;

/** A shot's path relative to the tour's output folder: `zh-phone/07-join-one.png`. */
export const shotPath = (job: Job): string =>
  join(groupDir(job.lang, job.size), `${String(job.index).padStart(2, '0')}-${job.id}.png`);

/** The link that opens an example on the page, in a language, at the top speed. */
export function exampleLink(baseUrl: string, job: Pick<Job, 'id' | 'lang'>): string {
  const url = new URL('/', baseUrl);
  url.searchParams.set('example', job.id);
  url.searchParams.set('speed', String(TOP_SPEED));
  url.searchParams.set('lang', job.lang);
  return url.href;
}

/** Picks sizes/languages by name from a comma list (`phone,desktop`); unknown names are an error that lists the known ones. */
export function pick<T>(list: readonly T[], names: string | undefined, nameOf: (t: T) => string, what: string): T[] {
  if (!names) return [...list];
  return names.split(',').map((n) => {
    const found = list.find((t) => nameOf(t) === n.trim());
    if (!found) throw new Error(`unknown ${what} "${n}": use one of ${list.map(nameOf).join(', ')}`);
    return found;
  });
}
