// Autosave: the editor text per example and per tab (src/share/drafts.ts), the open example, and the page's preferences.
import { Drafts, newTabId, type KeyValueStore } from '../../share/drafts';
import { LANGS, THEMES, type Lang, type Theme } from '../../share/options';
import { parseLayout, type PaneLayout } from '../layout/paneLayout';

const TAB_KEY = 'mpplay:tab';
const LAST_KEY = 'mpplay:example';
const LANG_KEY = 'mpplay:lang';
const THEME_KEY = 'mpplay:theme';
const LAYOUT_KEY = 'mpplay:layout';

function storage(kind: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return globalThis[kind] ?? null;
  } catch {
    return null; // e.g. a sandboxed iframe, or storage blocked
  }
}

function get(s: Storage | null, key: string): string | null {
  try {
    return s?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function set(s: Storage | null, key: string, value: string): void {
  try {
    s?.setItem(key, value);
  } catch {
    // quota exceeded or blocked: keep going without saving
  }
}

/** This tab's id: kept in sessionStorage, so a reload of the tab finds its own drafts again. */
function tabId(): string {
  const session = storage('sessionStorage');
  const known = get(session, TAB_KEY);
  if (known) return known;
  const id = newTabId();
  set(session, TAB_KEY, id);
  return id;
}

let drafts = new Drafts(storage('localStorage') as KeyValueStore | null, tabId());

/**
 * A duplicated tab starts with a copy of its original's sessionStorage, so with the same tab id. Each page asks
 * the other tabs whether its id is taken; the newcomer that hears "taken" takes a new id, so from then on the
 * two save separate drafts. Call once per page.
 */
export function guardDuplicateTab(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel('mpplay:tabs');
  const me = newTabId(); // this page's own instance, not its tab
  channel.onmessage = (e: MessageEvent<{ hello?: string; taken?: string; by?: string; to?: string }>) => {
    const d = e.data;
    if (d.hello === drafts.tabId && d.by !== me) channel.postMessage({ taken: drafts.tabId, to: d.by });
    else if (d.taken === drafts.tabId && d.to === me) {
      const id = newTabId();
      set(storage('sessionStorage'), TAB_KEY, id);
      drafts = new Drafts(storage('localStorage') as KeyValueStore | null, id);
    }
  };
  channel.postMessage({ hello: drafts.tabId, by: me });
}

/** Turns autosave off for this page (an embed keeps nothing). */
export function disablePersistence(): void {
  drafts = new Drafts(null, drafts.tabId);
}

/** The page's drafts (to list what other tabs hold). */
export function pageDrafts(): Drafts {
  return drafts;
}

/** The saved text to open an example with (`null` id: the scratch buffer), or null if none. */
export function loadCode(exampleId: string | null): string | null {
  return drafts.load(exampleId) ?? null;
}

/** Saves this tab's text; text equal to the example's original is saved as "the original". */
export function saveCode(exampleId: string | null, code: string, original: string | null): void {
  drafts.save(exampleId, code, original);
}

/** The example this tab had open ('' for scratch), else the one any tab opened last, else null. */
export function loadLastExample(): string | null {
  return get(storage('sessionStorage'), LAST_KEY) ?? get(storage('localStorage'), LAST_KEY);
}

export function saveLastExample(exampleId: string | null): void {
  set(storage('sessionStorage'), LAST_KEY, exampleId ?? '');
  set(storage('localStorage'), LAST_KEY, exampleId ?? '');
}

/** The language the reader chose on this site before, if any. */
export function loadLangPref(): Lang | null {
  const v = get(storage('localStorage'), LANG_KEY);
  return (LANGS as readonly string[]).includes(v ?? '') ? (v as Lang) : null;
}

export function saveLangPref(lang: Lang): void {
  set(storage('localStorage'), LANG_KEY, lang);
}

export function loadThemePref(): Theme {
  const v = get(storage('localStorage'), THEME_KEY);
  return (THEMES as readonly string[]).includes(v ?? '') ? (v as Theme) : 'auto';
}

export function saveThemePref(theme: Theme): void {
  set(storage('localStorage'), THEME_KEY, theme);
}

/** The pane sizes the reader last chose in this browser, if any. */
export function loadLayoutPref(): PaneLayout | null {
  return parseLayout(get(storage('localStorage'), LAYOUT_KEY));
}

export function saveLayoutPref(layout: PaneLayout): void {
  set(storage('localStorage'), LAYOUT_KEY, JSON.stringify(layout));
}
