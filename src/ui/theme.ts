// The page's resolved theme (the 'auto' choice follows the system) and the <html> attributes that carry theme and language.
import { useEffect, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { STRINGS } from './i18n/strings';
import { appStore } from './store/store';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Whether a media query matches now; re-renders when it changes. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mq = globalThis.matchMedia?.(query);
      mq?.addEventListener('change', onChange);
      return () => mq?.removeEventListener('change', onChange);
    },
    () => globalThis.matchMedia?.(query).matches ?? false,
  );
}

/** 'light' or 'dark': the chosen theme, or the system's when the choice is 'auto'. */
export function useResolvedTheme(): 'light' | 'dark' {
  const theme = useStore(appStore, (s) => s.theme);
  const systemDark = useMediaQuery(DARK_QUERY);
  if (theme === 'auto') return systemDark ? 'dark' : 'light';
  return theme;
}

/** Puts the resolved theme and the UI language on <html> (CSS reads `data-theme`; screen readers read `lang`). */
export function useDocumentThemeAndLang(): void {
  const resolved = useResolvedTheme();
  const lang = useStore(appStore, (s) => s.lang);
  useEffect(() => {
    document.documentElement.dataset['theme'] = resolved;
  }, [resolved]);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = STRINGS[lang].pageTitle;
  }, [lang]);
}

/** Screens too narrow for Monaco (phones): the code is shown read-only there. */
export const NARROW_QUERY = '(max-width: 720px)';
