// The options a share link carries in its query, their defaults, and strict parsing: only non-default values are written.

/** Program seconds per wall second the page offers. */
export const SPEEDS = [1, 2, 5, 10] as const;
export type Speed = (typeof SPEEDS)[number];

/** The UI languages. */
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

/** Colour themes; 'auto' follows the reader's system setting. */
export const THEMES = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** What a link sets besides the code. `lang: null` leaves the language to the reader's browser. */
export interface LinkOptions {
  /** The gallery example the code belongs to (its lesson is shown), or null for a scratch program. */
  example: string | null;
  speed: Speed;
  /** Seed of the per-process `random` streams. */
  seed: number;
  lang: Lang | null;
  theme: Theme;
}

/** The options a link without a query has. A value equal to its default is never written into a link. */
export const DEFAULT_OPTIONS: Readonly<LinkOptions> = Object.freeze({
  example: null,
  speed: 1,
  seed: 0,
  lang: null,
  theme: 'auto',
});

/** Query parameter names, in the order links write them. */
export const OPTION_PARAMS = ['example', 'speed', 'seed', 'lang', 'theme'] as const;

const MAX_SEED = 0xffffffff;
const EXAMPLE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** One query value the reader could not use: it was ignored and its default kept. */
export interface BadOption {
  param: (typeof OPTION_PARAMS)[number];
  value: string;
}

/** Writes the non-default options into `params` (in OPTION_PARAMS order). */
export function writeOptions(params: URLSearchParams, options: LinkOptions): void {
  if (options.example !== null) params.set('example', options.example);
  if (options.speed !== DEFAULT_OPTIONS.speed) params.set('speed', String(options.speed));
  if (options.seed !== DEFAULT_OPTIONS.seed) params.set('seed', String(options.seed));
  if (options.lang !== null) params.set('lang', options.lang);
  if (options.theme !== DEFAULT_OPTIONS.theme) params.set('theme', options.theme);
}

function oneOf<T extends string | number>(list: readonly T[], value: unknown): value is T {
  return (list as readonly unknown[]).includes(value);
}

/**
 * Reads the options from a query; a value that is not one of the allowed ones is reported and its default
 * kept. `isExample` says whether an example id exists (unknown ids are reported too).
 */
export function readOptions(
  params: URLSearchParams,
  isExample: (id: string) => boolean,
): { options: LinkOptions; bad: BadOption[] } {
  const options: LinkOptions = { ...DEFAULT_OPTIONS };
  const bad: BadOption[] = [];
  const example = params.get('example');
  if (example !== null) {
    if (EXAMPLE_ID.test(example) && isExample(example)) options.example = example;
    else bad.push({ param: 'example', value: example });
  }
  const speed = params.get('speed');
  if (speed !== null) {
    const n = Number(speed);
    if (/^\d+$/.test(speed) && oneOf(SPEEDS, n)) options.speed = n;
    else bad.push({ param: 'speed', value: speed });
  }
  const seed = params.get('seed');
  if (seed !== null) {
    const n = Number(seed);
    if (/^\d{1,10}$/.test(seed) && n <= MAX_SEED) options.seed = n;
    else bad.push({ param: 'seed', value: seed });
  }
  const lang = params.get('lang');
  if (lang !== null) {
    if (oneOf(LANGS, lang)) options.lang = lang;
    else bad.push({ param: 'lang', value: lang });
  }
  const theme = params.get('theme');
  if (theme !== null) {
    if (oneOf(THEMES, theme)) options.theme = theme;
    else bad.push({ param: 'theme', value: theme });
  }
  return { options, bad };
}
