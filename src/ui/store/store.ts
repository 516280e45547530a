// The page's state: one zustand vanilla store built from slices (STYLE habit 8). Hot trace data lives in TraceLog.
import { createStore, type StateCreator } from 'zustand/vanilla';
import { DEFAULT_EXAMPLE_ID, findExample } from '../examples';
import { loadCode, loadLastExample } from './persistence';

/** Where a run is. */
export type RunStatus = 'idle' | 'compiling' | 'running' | 'exited' | 'stopped' | 'compile-error' | 'error';

export const SPEEDS = [1, 2, 5, 10] as const;
export type Speed = (typeof SPEEDS)[number];

export interface EditorSlice {
  /** The open example, or null for a scratch buffer. */
  exampleId: string | null;
  code: string;
  setCode(code: string): void;
  /** Opens an example: its autosaved text if any, else its original. */
  openExample(id: string): void;
  /** Puts the example's original text back. */
  resetCode(): void;
}

export interface RunSlice {
  status: RunStatus;
  exitCode: number | null;
  /** performance.now() when Run was pressed; null before the first run. */
  startedAt: number | null;
  /** Wall time of the finished run, ms. */
  wallMs: number | null;
  compileError: { message: string; line: number; column: number } | null;
  /** A host failure (an mpplay bug), shown in the status line. */
  fatal: string | null;
  /** Bumped whenever TraceLog changes; components re-read TraceLog when it moves. */
  traceVersion: number;
  /** Number of trace events of the current run. */
  eventCount: number;
  speed: Speed;
  setSpeed(speed: Speed): void;
}

export interface ViewSlice {
  lang: 'en' | 'zh';
  showPython: boolean;
  setLang(lang: 'en' | 'zh'): void;
  toggleShowPython(): void;
}

export type AppState = EditorSlice & RunSlice & ViewSlice;

const FALLBACK_CODE = `import { Process } from "multiprocessing";
import * as os from "os";

async function task(who: string) {
  print(\`hello from \${who}, pid \${os.getpid()}\`);
}

if (__name__ === "__main__") {
  const p = new Process({ target: task, args: ["a child"] });
  p.start();
  await p.join();
  print("child exit code", p.exitCode);
}
`;

function initialEditor(): Pick<EditorSlice, 'exampleId' | 'code'> {
  const last = loadLastExample();
  const id = last !== null && (last === '' || findExample(last)) ? last || null : DEFAULT_EXAMPLE_ID;
  const original = findExample(id)?.source ?? FALLBACK_CODE;
  return { exampleId: id, code: loadCode(id) ?? original };
}

const editorSlice: StateCreator<AppState, [], [], EditorSlice> = (set, get) => ({
  ...initialEditor(),
  setCode: (code) => set({ code, compileError: null }),
  openExample: (id) => {
    const ex = findExample(id);
    if (!ex) return;
    set({ exampleId: id, code: loadCode(id) ?? ex.source, compileError: null });
  },
  resetCode: () => {
    const ex = findExample(get().exampleId);
    set({ code: ex?.source ?? FALLBACK_CODE, compileError: null });
  },
});

const runSlice: StateCreator<AppState, [], [], RunSlice> = (set) => ({
  status: 'idle',
  exitCode: null,
  startedAt: null,
  wallMs: null,
  compileError: null,
  fatal: null,
  traceVersion: 0,
  eventCount: 0,
  speed: 1,
  setSpeed: (speed) => set({ speed }),
});

const viewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  lang: globalThis.navigator?.language?.startsWith('zh') ? 'zh' : 'en',
  showPython: false,
  setLang: (lang) => set({ lang }),
  toggleShowPython: () => set((s) => ({ showPython: !s.showPython })),
});

/** Makes a store; the page uses one (`appStore`), tests may make their own. */
export function createAppStore() {
  return createStore<AppState>()((...a) => ({ ...editorSlice(...a), ...runSlice(...a), ...viewSlice(...a) }));
}

export type AppStore = ReturnType<typeof createAppStore>;

/** The page's store. */
export const appStore: AppStore = createAppStore();

/** The original text of the open example, or null for the scratch buffer. */
export function originalCode(s: Pick<AppState, 'exampleId'>): string | null {
  return findExample(s.exampleId)?.source ?? null;
}
