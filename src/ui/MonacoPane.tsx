// Monaco editors (loaded lazily, after the first paint): the TypeScript port, editable, and the Python original, read-only.
import { useEffect, useRef } from 'react';
import MonacoEditor, { type OnMount } from '@monaco-editor/react';
import { useStore } from 'zustand';
import { attachLineMarks } from './lineMarks';
import { focusPast } from './focusOrder';
import { monaco, RUN_MARKER_OWNER } from './monacoSetup';
import { countTypeErrorsWith } from './runController';
import { appStore } from './store/store';

type StandaloneEditor = Parameters<OnMount>[0];

// Monaco's own themes with the colours that fall below 4.5:1 contrast raised (comments, line numbers).
monaco.editor.defineTheme('mpplay-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [{ token: 'comment', foreground: '7fa86a' }],
  colors: {
    'editorLineNumber.foreground': '#8c8c8c',
    'editorLineNumber.dimmedForeground': '#8c8c8c',
    'editorLineNumber.activeForeground': '#d4d4d4',
  },
});
monaco.editor.defineTheme('mpplay-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: {
    'editorLineNumber.foreground': '#5b6472',
    'editorLineNumber.dimmedForeground': '#5b6472',
    'editorLineNumber.activeForeground': '#1f2329',
  },
});
const themeName = (theme: 'light' | 'dark') => (theme === 'dark' ? 'mpplay-dark' : 'mpplay-light');

const OPTIONS = {
  minimap: { enabled: false },
  fontSize: 13,
  scrollBeyondLastLine: false,
  automaticLayout: true,
  tabSize: 2,
  renderWhitespace: 'none',
  fixedOverflowWidgets: true,
} as const;

export interface MonacoProps {
  theme: 'light' | 'dark';
  /** Accessible name of the editor's text area. */
  label: string;
  /** Read after the name by screen readers: how Tab works here and how to leave. */
  hint?: string;
  /** Shown while Monaco itself starts (after its code has loaded). */
  loading: React.ReactNode;
}

/** The TypeScript port the user edits and runs, bound to the store, with a run's compile error as a marker. */
export function MonacoCodeEditor({ theme, label, hint, loading }: MonacoProps) {
  const code = useStore(appStore, (s) => s.code);
  const compileError = useStore(appStore, (s) => s.compileError);
  const editorRef = useRef<StandaloneEditor | null>(null);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    if (!compileError) {
      monaco.editor.setModelMarkers(model, RUN_MARKER_OWNER, []);
      return;
    }
    const line = Math.min(Math.max(compileError.line, 1), model.getLineCount());
    const col = Math.max(compileError.column, 1);
    monaco.editor.setModelMarkers(model, RUN_MARKER_OWNER, [
      {
        severity: monaco.MarkerSeverity.Error,
        message: compileError.message,
        startLineNumber: line,
        startColumn: col,
        endLineNumber: line,
        endColumn: Math.max(col + 1, model.getLineMaxColumn(line)),
        source: 'mpplay',
      },
    ]);
    editorRef.current?.revealLineInCenterIfOutsideViewport(line);
  }, [compileError]);

  return (
    <MonacoEditor
      height="100%"
      theme={themeName(theme)}
      defaultLanguage="typescript"
      path="file:///main.ts"
      value={code}
      options={{ ...OPTIONS, ariaLabel: hint ? `${label}. ${hint}` : label }}
      onChange={(v) => appStore.getState().setCode(v ?? '')}
      onMount={(editor) => {
        editorRef.current = editor;
        editor.onDidDispose(attachLineMarks(editor)); // where each process waits, at the moment shown
        current = editor;
        editor.onDidDispose(() => {
          if (current === editor) current = null;
        });
        leaveWithEscapeTab(editor);
        performance.mark('mpplay:editor-ready');
      }}
      loading={loading}
    />
  );
}

/** The program's editor while it is on the page (the problems list and the Format button act on it). */
let current: StandaloneEditor | null = null;

/** The program's model's URI: Monaco's TypeScript diagnostics are markers on it. */
export const MAIN_URI = monaco.Uri.parse('file:///main.ts');

/** What the editor's buttons do (no-ops while there is no editor). */
export const editorActions = {
  /** Formats the program with Monaco's TypeScript formatter (its "Format Document"), undoably. */
  async format(): Promise<void> {
    await current?.getAction('editor.action.formatDocument')?.run();
  },
  /** Puts the cursor at a line and column, scrolls it into view, and focuses the editor. */
  reveal(line: number, column: number): void {
    if (!current) return;
    current.setPosition({ lineNumber: line, column });
    current.revealLineInCenterIfOutsideViewport(line);
    current.focus();
  },
};

/** The program's type errors now: TypeScript's error markers on it (what the problems list shows as errors). */
function typeErrorCount(): number {
  return monaco.editor
    .getModelMarkers({ resource: MAIN_URI })
    .filter((m) => m.owner !== RUN_MARKER_OWNER && m.severity === monaco.MarkerSeverity.Error).length;
}
countTypeErrorsWith(typeErrorCount);

/**
 * Escape, then Tab (or Shift+Tab), moves the focus out of the editor, where Tab itself indents: the convention of
 * CodeMirror and of editors that follow WAI-ARIA's advice for widgets that keep Tab. Ctrl+M (Monaco's own
 * "Toggle Tab Key Moves Focus") makes every Tab move the focus until pressed again.
 */
function leaveWithEscapeTab(editor: StandaloneEditor): void {
  let armed = false;
  editor.onKeyDown((e) => {
    const k = monaco.KeyCode;
    if (e.keyCode === k.Escape) {
      armed = true;
      return;
    }
    if (e.keyCode === k.Shift || e.keyCode === k.Ctrl || e.keyCode === k.Alt || e.keyCode === k.Meta) return;
    if (armed && e.keyCode === k.Tab && !e.ctrlKey && !e.altKey && !e.metaKey) {
      const box = editor.getContainerDomNode();
      if (focusPast(box, e.shiftKey)) {
        e.preventDefault();
        e.stopPropagation();
      }
    }
    armed = false;
  });
}

/** The seed's Python original, read-only, beside the port. */
export function MonacoPythonPane({ python, theme, label, loading }: MonacoProps & { python: string }) {
  return (
    <MonacoEditor
      height="100%"
      theme={themeName(theme)}
      defaultLanguage="python"
      path="file:///original.py"
      value={python}
      options={{ ...OPTIONS, readOnly: true, domReadOnly: true, ariaLabel: label }}
      loading={loading}
    />
  );
}

/** Test hooks that read Monaco's state (main.tsx loads them with Monaco, on demand). */
export const monacoHooks = {
  editorText: (): string | null => monaco.editor.getModel(monaco.Uri.parse('file:///main.ts'))?.getValue() ?? null,
  /** The lines marked as where processes wait, with the text after each. */
  lineMarks: (): { line: number; text: string }[] => {
    const model = monaco.editor.getModel(monaco.Uri.parse('file:///main.ts'));
    return (model?.getAllDecorations() ?? [])
      .filter((d) => d.options.className === 'mp-waits-line')
      .map((d) => ({ line: d.range.startLineNumber, text: d.options.after?.content.trim() ?? '' }));
  },
  runMarkers: () =>
    monaco.editor
      .getModelMarkers({ owner: RUN_MARKER_OWNER })
      .map((m) => ({ line: m.startLineNumber, column: m.startColumn, message: m.message })),
  editorMarkers: () =>
    monaco.editor.getModelMarkers({ resource: monaco.Uri.parse('file:///main.ts') }).map((m) => ({
      owner: m.owner,
      line: m.startLineNumber,
      column: m.startColumn,
      message: m.message,
    })),
  /** Where the program editor's cursor is, 1-based, and whether the editor has the focus. */
  cursor: (): { line: number; column: number; focused: boolean } | null => {
    const p = current?.getPosition();
    return p && current ? { line: p.lineNumber, column: p.column, focused: current.hasTextFocus() } : null;
  },
  typeErrors: async (): Promise<string[]> => {
    const uri = monaco.Uri.parse('file:///main.ts');
    const worker = await (await monaco.typescript.getTypeScriptWorker())(uri);
    const diags = [
      ...(await worker.getSyntacticDiagnostics(uri.toString())),
      ...(await worker.getSemanticDiagnostics(uri.toString())),
    ];
    return diags.map((d) => {
      const text = typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText;
      return `${d.start ?? 0}: ${text}`;
    });
  },
};
