// The current language's strings, for components (a hook) and for code outside React (terminal lines).
import { useStore } from 'zustand';
import { appStore } from '../store/store';
import { IS_MAC } from '../shortcuts';
import { STRINGS, type Strings } from './strings';

/** The strings of the page's language; re-renders the component when the language changes. */
export function useT(): Strings {
  return STRINGS[useStore(appStore, (s) => s.lang)];
}

/** The strings of the page's language now (for text written once, like terminal lines). */
export function currentStrings(): Strings {
  return STRINGS[appStore.getState().lang];
}

/** The modifier key's name on this platform: ⌘ on Apple systems, Ctrl elsewhere. */
export const MOD_KEY = IS_MAC ? '⌘' : 'Ctrl';
