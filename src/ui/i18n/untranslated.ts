// Which words of a string shown on the 中文 page still read as English (the check of e2e/page.spec.ts): names and code excepted.

/**
 * Names no language translates, as they are written: products and formats, Python's `multiprocessing` names, ps's
 * columns. Kept short on purpose: anything else in Latin letters on the Chinese page is an untranslated word.
 */
export const NAMES: readonly string[] = [
  'mpplay',
  'TypeScript Playground',
  'TypeScript',
  'JavaScript',
  'CPython',
  'Python',
  'Web Worker',
  'sucrase',
  'Perfetto',
  'Chrome Trace Event JSON',
  'DevTools (Performance)',
  'PNG',
  'SVG',
  'JSON',
  'PID',
  'PPID',
  'CPU',
  'multiprocessing',
  'JoinableQueue',
  'Queue',
  'Pool',
  'Pipe',
  'Lock',
  'Value',
  'Array',
  'SharedArrayBuffer',
  'Atomics.wait',
  'PCT',
  'DFS',
  'Event',
  'Barrier',
  'Semaphore',
  'MainProcess',
  'init',
  'SpawnPoolWorker',
  'SIGTERM',
  'SIGKILL',
];

/** Key names, as printed on keyboards. */
export const KEYS: ReadonlySet<string> = new Set([
  'Ctrl',
  'Shift',
  'Alt',
  'Enter',
  'Esc',
  'Tab',
  'Home',
  'End',
  'Space',
  'Backspace',
]);

/** Unit symbols, written as they are in Chinese too ("真实时间 721 ms", "2 min 5 s"). */
export const UNITS: ReadonlySet<string> = new Set(['ms', 'min']);

/** Python calls written bare in running text ("还没被 join"): code, not English. */
export const CODE_WORDS: ReadonlySet<string> = new Set(['join', 'start', 'get', 'put', 'acquire', 'release', 'sleep']);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The names, longest first (so "TypeScript Playground" goes before "TypeScript"), as whole words. */
const NAME_RE = new RegExp(
  [...NAMES]
    .sort((a, b) => b.length - a.length)
    .map((n) => `(?<![A-Za-z])${escape(n)}(?![A-Za-z])`)
    .join('|'),
  'g',
);
/** What separates tokens: white space, Chinese characters and Chinese punctuation (Chinese puts no spaces). */
const SEPARATOR = /[\s\p{Script=Han}\u3000-\u303f\uff00-\uffef]+/u;
/** A token that is code: a call, a path, a key combination, an option, an identifier with capitals inside. */
const CODE = /[()[\]{}._#=<>+/$\\@]|^--?[a-z]|[a-z][A-Z]|^[A-Z0-9_]+\d/;

/** The English words in `text`, in order (none for a string that is Chinese, names, code, keys and units). */
export function englishWords(text: string): string[] {
  const rest = text.replace(/`[^`]*`/g, ' ').replace(NAME_RE, ' ');
  const out: string[] = [];
  for (const token of rest.split(SEPARATOR)) {
    if (!/[A-Za-z]{2}/.test(token) || CODE.test(token)) continue;
    for (const word of token.match(/[A-Za-z]{2,}/g) ?? [])
      if (!KEYS.has(word) && !CODE_WORDS.has(word) && !UNITS.has(word)) out.push(word);
  }
  return out;
}
