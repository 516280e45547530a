// The code editor: Monaco (bundled, see monacoSetup) bound to the store's text, with run compile errors as markers.
import { useEffect, useRef } from 'react';
import MonacoEditor, { type OnMount } from '@monaco-editor/react';
import { useStore } from 'zustand';
import { monaco, RUN_MARKER_OWNER } from './monacoSetup';
import { appStore } from './store/store';

type StandaloneEditor = Parameters<OnMount>[0];

const OPTIONS = {
  minimap: { enabled: false },
  fontSize: 13,
  scrollBeyondLastLine: false,
  automaticLayout: true,
  tabSize: 2,
  renderWhitespace: 'none',
  fixedOverflowWidgets: true,
} as const;

/** The TypeScript port the user edits and runs. */
export function CodeEditor() {
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
    <div className="editor" data-testid="editor">
      <MonacoEditor
        height="100%"
        theme="vs-dark"
        defaultLanguage="typescript"
        path="file:///main.ts"
        value={code}
        options={OPTIONS}
        onChange={(v) => appStore.getState().setCode(v ?? '')}
        onMount={(editor) => {
          editorRef.current = editor;
        }}
        loading={<div className="editor-loading">loading the editor…</div>}
      />
    </div>
  );
}

/** The seed's Python original, read-only, beside the port. */
export function PythonPane({ python }: { python: string }) {
  return (
    <div className="editor python" data-testid="python-original">
      <MonacoEditor
        height="100%"
        theme="vs-dark"
        defaultLanguage="python"
        path="file:///original.py"
        value={python}
        options={{ ...OPTIONS, readOnly: true, domReadOnly: true }}
      />
    </div>
  );
}
