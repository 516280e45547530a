// Every string the page shows, in English and Chinese (the code, program output and process names are not UI strings).
import type { Lang } from '../../share/options';
import { en, type Strings } from './en';
import { zh } from './zh';

export type { Strings };

/** The strings of each UI language. */
export const STRINGS: Readonly<Record<Lang, Strings>> = { en: en as Strings, zh };

/** The language a browser asks for: Chinese if its first preferred language is, else English. */
export function browserLang(languages: readonly string[] | undefined): Lang {
  const first = languages?.[0] ?? 'en';
  return first.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}
