// The top bar: examples menu, Run (Ctrl/Cmd+Enter), Stop (Ctrl/Cmd+Shift+Enter), Step (Ctrl/Cmd+Alt+Enter), speed,
// Share, theme, language, Help.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { THEMES, type Theme } from '../share/options';
import { EXAMPLES } from './examples';
import { EXPLORE_KEY, isExploreKey } from './shortcuts';
import { searchStore, setExploreOpen } from './explore/search';
import { STRINGS } from './i18n/strings';
import { MOD_KEY, useT } from './i18n/useT';
import { run, stop } from './runController';
import { startStepping } from './stepping';
import { saveLangPref, saveThemePref } from './store/persistence';
import { appStore, SPEEDS, type Speed } from './store/store';

/** Whether a key event comes from a place that takes text (so `?` there is typing, not the help key). */
function typing(e: KeyboardEvent): boolean {
  const el = e.target instanceof Element ? e.target : null;
  return !!el?.closest('input, textarea, select, [contenteditable="true"], .monaco-editor');
}

/** The page's shortcuts, listened for in the capture phase so they work inside the editor too (before Monaco). */
function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.altKey && !e.shiftKey) {
        e.preventDefault();
        e.stopPropagation();
        startStepping();
        return;
      }
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey) {
        e.preventDefault();
        e.stopPropagation();
        if (e.shiftKey) stop();
        else run();
        return;
      }
      if (isExploreKey(e)) {
        e.preventDefault();
        e.stopPropagation();
        setExploreOpen(!searchStore.getState().open);
        return;
      }
      if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !typing(e)) {
        e.preventDefault();
        const s = appStore.getState();
        s.setHelpOpen(!s.helpOpen);
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}

const THEME_LABEL = { auto: 'themeAuto', light: 'themeLight', dark: 'themeDark' } as const;

export function Toolbar() {
  useShortcuts();
  const t = useT();
  const status = useStore(appStore, (s) => s.status);
  const exampleId = useStore(appStore, (s) => s.exampleId);
  const speed = useStore(appStore, (s) => s.speed);
  const lang = useStore(appStore, (s) => s.lang);
  const theme = useStore(appStore, (s) => s.theme);
  const busy = status === 'compiling' || status === 'running';
  const other = lang === 'en' ? 'zh' : 'en';

  return (
    <header className="toolbar">
      <span className="brand" title={t.brandTitle}>
        mpplay
      </span>
      <label className="picker">
        <span className="sr-only">{t.example}</span>
        <select
          data-testid="example-picker"
          value={exampleId ?? ''}
          onChange={(e) => appStore.getState().openExample(e.target.value)}
        >
          {exampleId === null && <option value="">{t.scratch}</option>}
          {EXAMPLES.map((ex) => (
            <option key={ex.id} value={ex.id}>
              {ex.section} · {ex.title[lang]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="run" data-testid="run" onClick={run} title={t.runTitle(MOD_KEY)}>
        {busy ? t.restart : t.run}
      </button>
      <button
        type="button"
        className="stop"
        data-testid="stop"
        onClick={stop}
        disabled={!busy}
        title={t.stopTitle(MOD_KEY)}
      >
        {t.stop}
      </button>
      <button
        type="button"
        data-testid="explore"
        onClick={() => setExploreOpen(true)}
        title={t.exploreTitle(EXPLORE_KEY)}
      >
        {t.explore}
      </button>
      <button type="button" className="step" data-testid="step" onClick={startStepping} title={t.stepTitle(MOD_KEY)}>
        {t.step}
      </button>
      <label className="speed" title={t.speedTitle}>
        {t.speed}
        <select
          data-testid="speed"
          value={speed}
          onChange={(e) => appStore.getState().setSpeed(Number(e.target.value) as Speed)}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              ×{s}
            </option>
          ))}
        </select>
      </label>
      <span className="spacer" />
      <button
        type="button"
        data-testid="share"
        onClick={() => appStore.getState().setShareOpen(true)}
        title={t.shareTitle}
      >
        {t.share}
      </button>
      <label className="theme" title={t.theme}>
        <span className="sr-only">{t.theme}</span>
        <select
          data-testid="theme"
          value={theme}
          onChange={(e) => {
            const v = e.target.value as Theme;
            saveThemePref(v);
            appStore.getState().setTheme(v);
          }}
        >
          {THEMES.map((th) => (
            <option key={th} value={th}>
              {t[THEME_LABEL[th]]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="lang"
        data-testid="lang"
        lang={other}
        onClick={() => {
          saveLangPref(other);
          appStore.getState().setLang(other);
        }}
        title={STRINGS[other].langSwitchTitle}
      >
        {STRINGS[other].langSwitch}
      </button>
      <button
        type="button"
        className="help"
        data-testid="help"
        onClick={() => appStore.getState().setHelpOpen(true)}
        title={t.helpTitle}
        aria-label={t.help}
      >
        ?
      </button>
    </header>
  );
}
