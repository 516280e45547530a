// The code panes: a read-only view at once, then Monaco when its code has loaded (never on phones unless asked).
import { lazy, Suspense, useState } from 'react';
import { useStore } from 'zustand';
import { CodeView } from './CodeView';
import { TAB_MODE_KEY } from './shortcuts';
import { useT } from './i18n/useT';
import { appStore } from './store/store';
import { NARROW_QUERY, useMediaQuery, useResolvedTheme } from './theme';

const MonacoCode = lazy(() => import('./MonacoPane').then((m) => ({ default: m.MonacoCodeEditor })));
const Problems = lazy(() => import('./ProblemsPanel').then((m) => ({ default: m.ProblemsPanel })));
const MonacoPython = lazy(() => import('./MonacoPane').then((m) => ({ default: m.MonacoPythonPane })));

/** The TypeScript port: editable in Monaco; read-only (highlighted) while Monaco loads and on narrow screens. */
export function CodeEditor({ readOnly = false }: { readOnly?: boolean }) {
  const t = useT();
  const code = useStore(appStore, (s) => s.code);
  const theme = useResolvedTheme();
  const narrow = useMediaQuery(NARROW_QUERY);
  const [editAnyway, setEditAnyway] = useState(false);
  const view = <CodeView code={code} language="typescript" label={t.codeLabel} testId="code-view" />;
  if (readOnly) {
    return (
      <div className="editor" data-testid="editor">
        {view}
      </div>
    );
  }
  if (narrow && !editAnyway) {
    return (
      <div className="editor narrow" data-testid="editor">
        <p className="read-only-note">
          {t.readOnlyNarrow}{' '}
          <button type="button" data-testid="edit-anyway" onClick={() => setEditAnyway(true)}>
            {t.editHere}
          </button>
        </p>
        {view}
      </div>
    );
  }
  return (
    <div className="editor" data-testid="editor">
      <Suspense fallback={view}>
        <MonacoCode
          theme={theme}
          label={t.codeLabel}
          hint={t.editorHint.replace('{tabMode}', TAB_MODE_KEY)}
          loading={view}
        />
      </Suspense>
      <Suspense fallback={null}>
        <Problems />
      </Suspense>
    </div>
  );
}

/** The seed's Python original, read-only, beside the port (Monaco on wide screens, the light view elsewhere). */
export function PythonPane({ python }: { python: string }) {
  const t = useT();
  const theme = useResolvedTheme();
  const narrow = useMediaQuery(NARROW_QUERY);
  const view = <CodeView code={python} language="python" label={t.pythonLabel} />;
  return (
    <div className="editor python" data-testid="python-original">
      {narrow ? (
        view
      ) : (
        <Suspense fallback={view}>
          <MonacoPython python={python} theme={theme} label={t.pythonLabel} loading={view} />
        </Suspense>
      )}
    </div>
  );
}
