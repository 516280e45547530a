// The open example's lesson text, with the toggle that shows the seed's Python original beside the port.
import { useStore } from 'zustand';
import { findExample } from './examples';
import { appStore } from './store/store';

export function LessonPanel() {
  const exampleId = useStore(appStore, (s) => s.exampleId);
  const lang = useStore(appStore, (s) => s.lang);
  const showPython = useStore(appStore, (s) => s.showPython);
  const code = useStore(appStore, (s) => s.code);
  const ex = findExample(exampleId);
  if (!ex) {
    return (
      <section className="lesson" data-testid="lesson">
        <h2>Scratch</h2>
        <p>Write a program with Python&apos;s multiprocessing API in TypeScript, then press Run.</p>
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
          {showPython ? 'Hide the Python original' : 'Show the Python original'}
        </button>
        {edited && (
          <button
            type="button"
            data-testid="reset-code"
            onClick={() => appStore.getState().resetCode()}
            title="Your edits are autosaved; this puts the example's text back"
          >
            Reset to the example
          </button>
        )}
      </div>
    </section>
  );
}
