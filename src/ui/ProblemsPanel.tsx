// The problems list under the editor (the TypeScript playground's Errors tab): each diagnostic with its line, click to go there.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { useT } from './i18n/useT';
import { editorActions, MAIN_URI } from './MonacoPane';
import { monaco } from './monacoSetup';
import { appStore } from './store/store';

export interface Problem {
  severity: 'error' | 'warning' | 'info';
  line: number;
  column: number;
  message: string;
  /** `ts(2322)`, or `mpplay` for a run's compile error. */
  source: string;
}

/** Monaco's markers on the program, as problems in line order; hints (an unused name, drawn faded) are left out. */
export function currentProblems(): Problem[] {
  return monaco.editor
    .getModelMarkers({ resource: MAIN_URI })
    .filter((m) => m.severity !== monaco.MarkerSeverity.Hint)
    .map((m) => ({
      severity:
        m.severity === monaco.MarkerSeverity.Error
          ? ('error' as const)
          : m.severity === monaco.MarkerSeverity.Warning
            ? ('warning' as const)
            : ('info' as const),
      line: m.startLineNumber,
      column: m.startColumn,
      message: m.message,
      source: m.code ? `ts(${typeof m.code === 'string' ? m.code : m.code.value})` : (m.source ?? m.owner),
    }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

function useProblems(): Problem[] {
  const [problems, setProblems] = useState<Problem[]>(currentProblems);
  useEffect(() => {
    const sub = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === MAIN_URI.toString())) setProblems(currentProblems());
    });
    return () => sub.dispose();
  }, []);
  return problems;
}

const ICON = { error: '⛔', warning: '⚠', info: 'ℹ' } as const;

/** The bar under the editor: the problems (folded while there are none), Format, and the compiled JavaScript. */
export function ProblemsPanel() {
  const t = useT();
  const problems = useProblems();
  const showJs = useStore(appStore, (s) => s.showJs);
  const [open, setOpen] = useState(true);
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <section className="problems" data-testid="problems" aria-label={t.problems}>
      <div className="problems-bar">
        <button
          type="button"
          className="problems-toggle"
          aria-expanded={open && problems.length > 0}
          disabled={problems.length === 0}
          onClick={() => setOpen(!open)}
          title={t.problemsTitle}
          data-testid="problems-toggle"
        >
          {problems.length === 0 ? t.noProblems : `${t.problems} (${problems.length})`}
        </button>
        {errors > 0 && (
          <span className="problems-count" aria-hidden="true">
            ⛔ {errors}
          </span>
        )}
        <span className="spacer" />
        <button type="button" data-testid="format" onClick={() => void editorActions.format()} title={t.formatTitle}>
          {t.format}
        </button>
        <button
          type="button"
          data-testid="toggle-js"
          aria-pressed={showJs}
          onClick={() => appStore.getState().toggleShowJs()}
          title={t.showJsTitle}
        >
          {t.showJs}
        </button>
      </div>
      {open && problems.length > 0 && (
        <ul className="problems-list" data-testid="problems-list">
          {problems.map((p, i) => (
            <li key={`${p.line}:${p.column}:${i}`}>
              <button
                type="button"
                className={`problem ${p.severity}`}
                data-line={p.line}
                onClick={() => editorActions.reveal(p.line, p.column)}
                aria-label={`${t.problemLine(p.line, p.column)}: ${p.message}`}
              >
                <span className="icon" aria-hidden="true">
                  {ICON[p.severity]}
                </span>
                <span className="where">
                  {p.line}:{p.column}
                </span>
                {/* TypeScript's own words: its language service speaks English only. */}
                <span className="message" lang="en">
                  {p.message}
                </span>
                <span className="source" lang="en">
                  {p.source}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
