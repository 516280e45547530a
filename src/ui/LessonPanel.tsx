// The open example's lesson text, with the toggle that shows the seed's Python original beside the port.
import { useStore } from 'zustand';
import { findExample } from './examples';
import { useT } from './i18n/useT';
import { appStore } from './store/store';

export function LessonPanel() {
  const t = useT();
  const exampleId = useStore(appStore, (s) => s.exampleId);
  const lang = useStore(appStore, (s) => s.lang);
  const showPython = useStore(appStore, (s) => s.showPython);
  const code = useStore(appStore, (s) => s.code);
  const ex = findExample(exampleId);
  if (!ex) {
    return (
      <section className="lesson" data-testid="lesson">
        <h2>{t.scratchTitle}</h2>
        <p>{t.scratchText}</p>
      </section>
    );
  }
  const edited = code !== ex.source;
  return (
    <section className="lesson" data-testid="lesson">
      <h2>
        <span className="section">{ex.section}</span> {ex.title[lang]}
      </h2>
      <p>{ex.lesson[lang]}</p>
      <div className="lesson-actions">
        <button
          type="button"
          data-testid="toggle-python"
          aria-pressed={showPython}
          onClick={() => appStore.getState().toggleShowPython()}
        >
          {showPython ? t.hidePython : t.showPython}
        </button>
        {edited && (
          <button
            type="button"
            data-testid="reset-code"
            onClick={() => appStore.getState().resetCode()}
            title={t.resetTitle}
          >
            {t.reset}
          </button>
        )}
      </div>
    </section>
  );
}
