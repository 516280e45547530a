// Monaco, bundled and offline: slim entry points, our own workers, TS options for top-level await, the API typings.
import * as monacoCore from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/python/register';
import * as typescript from 'monaco-editor/languages/features/typescript/register';
import { loader } from '@monaco-editor/react';
// The package's exports map is "./*" -> "./esm/vs/*.js": never write "esm/vs/" here.
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/language/typescript/ts.worker?worker';
import apiTypings from '../api/mpplay.d.ts?raw';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker {
    if (label === 'typescript' || label === 'javascript') return new TsWorker();
    return new EditorWorker();
  },
};

/** Monaco's API with the TypeScript namespace where 0.55+ puts it (`monaco.typescript`). */
export const monaco = { ...monacoCore, typescript };
export type Monaco = typeof monaco;

// Without this, @monaco-editor/react loads Monaco from a CDN (and COEP would block it anyway).
loader.config({ monaco });

typescript.typescriptDefaults.setCompilerOptions({
  target: typescript.ScriptTarget.ESNext, // the enum stops at ES2020; ESNext keeps `await using`
  module: typescript.ModuleKind.ESNext,
  moduleDetection: 3, // "force": every file is a module, so top-level await is no error
  // Only what a process has: the language, plus the globals src/api/mpplay.d.ts declares (print, console, range, …).
  lib: ['lib.esnext.d.ts'], // file names: Monaco hands options to the language service unparsed
  strict: true,
  noEmit: true,
});
typescript.typescriptDefaults.addExtraLib(apiTypings, 'file:///node_modules/@types/mpplay/index.d.ts');

/** Marker owner for compile errors reported by a run (Monaco's own diagnostics have their own owner). */
export const RUN_MARKER_OWNER = 'mpplay-run';
