// Every keyboard shortcut of the page, grouped as the help lists them (one list, so the help and its test agree).
import type { Strings } from './i18n/strings';

/** Whether this is an Apple system (⌘ instead of Ctrl; Monaco's tab-mode key differs there). */
export const IS_MAC = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '');

/** Monaco's "Toggle Tab Key Moves Focus": Ctrl+M, and Ctrl+Shift+M on macOS (where Ctrl+M is taken). */
export const TAB_MODE_KEY = IS_MAC ? 'Ctrl+Shift+M' : 'Ctrl+M';

/** Opens or closes Explore…: works in the editor too (Monaco binds nothing to it). */
export const EXPLORE_KEY = 'Alt+Shift+E';

/** Whether a key event is EXPLORE_KEY (by the key's place: Alt+Shift+E types a character on macOS). */
export function isExploreKey(e: Pick<KeyboardEvent, 'code' | 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey'>): boolean {
  return e.code === 'KeyE' && e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey;
}

export interface ShortcutGroup {
  title: string;
  /** Each shortcut: its keys and what it does (an empty `what`: `keys` is a whole phrase, shown as it is). */
  keys: [keys: string, what: string][];
}

/**
 * The groups the help shows: the page's own keys, the editor's (Monaco's conventions), the separators', the
 * chart's (its own list, `chartKeys`: "keys · what" entries), the output's, and the scheduler panel's.
 */
export function shortcutGroups(t: Strings, mod: string, chartKeys: readonly string[]): ShortcutGroup[] {
  return [
    {
      title: t.keysPage,
      keys: [
        [`${mod}+Enter`, t.keyRun],
        [`${mod}+Shift+Enter`, t.keyStop],
        [EXPLORE_KEY, t.keyExplore],
        [`${mod}+Alt+Enter`, t.keyStep],
        ['?', t.keyHelp],
        ['Esc', t.keyClose],
        ['Tab / Shift+Tab', t.keyTabPage],
      ],
    },
    {
      title: t.keysEditor,
      keys: [
        ['Tab / Shift+Tab', t.keyIndent],
        ['Esc, Tab', t.keyLeaveEditor],
        [TAB_MODE_KEY, t.keyTabMode],
        [`${mod}+F`, t.keyFind],
        [`${mod}+Z`, t.keyUndo],
        [`${mod}+Space`, t.keySuggest],
        ['Shift+Alt+F', t.keyFormat],
        ['F1', t.keyPalette],
      ],
    },
    {
      title: t.keysSplit,
      keys: [
        ['← → ↑ ↓', t.keySplitMove],
        ['Home / End', t.keySplitEnds],
        ['Enter', t.keySplitFold],
        ['⇔', t.keySplitReset],
      ],
    },
    // The chart's entries are whole phrases ("←/→ pan"), in its own words: shown as they are, in one cell.
    { title: t.keysChart, keys: chartKeys.map((k) => [k, '']) },
    {
      title: t.keysTerminal,
      keys: [
        ['Tab', t.keyTermTab],
        ['🖱', t.keyTermClick],
      ],
    },
    {
      title: t.keysStep,
      keys: [
        ['1 – 9', t.keyStepPick],
        ['↑ ↓, Enter', t.keyStepMove],
        ['U / Backspace', t.keyStepUndo],
        ['N', t.keyStepNext],
        ['E / End', t.keyStepEnd],
        ['Esc', t.keyStepLeave],
      ],
    },
  ];
}
