// The top bar: examples menu, Run (also Ctrl/Cmd+Enter), Stop, speed, language.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { EXAMPLES } from './examples';
import { run, stop } from './runController';
import { appStore, SPEEDS, type Speed } from './store/store';

const isMac = /Mac|iPhone|iPad/.test(globalThis.navigator?.platform ?? '');

/** Ctrl/Cmd+Enter runs from anywhere on the page, the editor included (capture phase, before Monaco). */
function useRunShortcut(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        e.stopPropagation();
        run();
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, []);
}

export function Toolbar() {
  useRunShortcut();
  const status = useStore(appStore, (s) => s.status);
  const exampleId = useStore(appStore, (s) => s.exampleId);
  const speed = useStore(appStore, (s) => s.speed);
  const lang = useStore(appStore, (s) => s.lang);
  const busy = status === 'compiling' || status === 'running';

  return (
    <header className="toolbar">
      <span className="brand" title="Python's multiprocessing, as TypeScript, every process a real worker">
        mpplay
      </span>
      <label className="picker">
        <span className="sr-only">Example</span>
        <select
          data-testid="example-picker"
          value={exampleId ?? ''}
          onChange={(e) => appStore.getState().openExample(e.target.value)}
        >
          {exampleId === null && <option value="">(scratch)</option>}
          {EXAMPLES.map((ex) => (
            <option key={ex.id} value={ex.id}>
              {ex.section} · {ex.title[lang]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="run"
        data-testid="run"
        onClick={run}
        title={`Run (${isMac ? '⌘' : 'Ctrl'}+Enter)`}
      >
        {busy ? '↻ Restart' : '▶ Run'}
      </button>
      <button
        type="button"
        className="stop"
        data-testid="stop"
        onClick={stop}
        disabled={!busy}
        title="Stop every process now"
      >
        ■ Stop
      </button>
      <label className="speed" title="Program seconds per wall second: sleeps and clocks run this much faster">
        speed
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
        className="lang"
        data-testid="lang"
        onClick={() => appStore.getState().setLang(lang === 'en' ? 'zh' : 'en')}
        title={lang === 'en' ? 'Show the lessons in Chinese (中文)' : 'Show the lessons in English'}
      >
        lesson: {lang === 'en' ? 'EN' : 'ZH'}
      </button>
    </header>
  );
}
