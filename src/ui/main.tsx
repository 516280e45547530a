// The page's entry: Monaco first (it must be configured before any editor mounts), then React, autosave, test hooks.
import { monaco, RUN_MARKER_OWNER } from './monacoSetup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { EXAMPLES } from './examples';
import { run, startAutosave, stop, traceLog } from './runController';
import { appStore } from './store/store';
import './styles.css';

/** Test hooks for Playwright (STYLE habit 10: tests wait on app state, never on sleeps). */
interface MpplayHooks {
  setCode(text: string): void;
  getCode(): string;
  state(): { status: string; exitCode: number | null; events: number };
  run(): void;
  stop(): void;
  /** The text of the editor's model itself (to check that a failed run never touched it). */
  editorText(): string | null;
  /** The markers a run put on the editor (compile errors), 1-based. */
  runMarkers(): { line: number; column: number; message: string }[];
  /** Every marker on the editor's text (Monaco's TypeScript diagnostics included), with its owner. */
  editorMarkers(): { owner: string; line: number; column: number; message: string }[];
  /** The TypeScript errors Monaco's language service finds in the editor's text now (syntactic + semantic). */
  typeErrors(): Promise<string[]>;
  /** Each gallery example's id and what its run must show (the catalog's `expect`). */
  examples(): { id: string; expect: unknown }[];
}

const MAIN_URI = 'file:///main.ts';

(globalThis as unknown as { __mpplay: MpplayHooks }).__mpplay = {
  setCode: (text) => appStore.getState().setCode(text),
  getCode: () => appStore.getState().code,
  state: () => {
    const s = appStore.getState();
    return { status: s.status, exitCode: s.exitCode, events: traceLog.total };
  },
  run,
  stop,
  editorText: () => monaco.editor.getModel(monaco.Uri.parse(MAIN_URI))?.getValue() ?? null,
  runMarkers: () =>
    monaco.editor
      .getModelMarkers({ owner: RUN_MARKER_OWNER })
      .map((m) => ({ line: m.startLineNumber, column: m.startColumn, message: m.message })),
  editorMarkers: () =>
    monaco.editor.getModelMarkers({ resource: monaco.Uri.parse(MAIN_URI) }).map((m) => ({
      owner: m.owner,
      line: m.startLineNumber,
      column: m.startColumn,
      message: m.message,
    })),
  typeErrors: async () => {
    const uri = monaco.Uri.parse(MAIN_URI);
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
  examples: () => EXAMPLES.map((e) => ({ id: e.id, expect: e.expect ?? null })),
};

startAutosave();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
