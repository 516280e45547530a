// The page's state: one zustand vanilla store built from slices (STYLE habit 8). Hot trace data lives in TraceLog.
import { createStore, type StateCreator } from 'zustand/vanilla';
import type { ControlledEnd } from '../../hosts/browser/exploreProtocol';
import type { RunResult } from '../../protocol/trace';
import type { ShareProblem } from '../../share/codec';
import { SPEEDS, type Lang, type Speed, type Theme } from '../../share/options';
import { DEFAULT_EXAMPLE_ID, findExample } from '../examples';
import { browserLang, type Strings } from '../i18n/strings';
import { DEFAULT_LAYOUT, type PaneLayout } from '../layout/paneLayout';
import {
  loadCode,
  loadLangPref,
  loadLastExample,
  loadLayoutPref,
  loadThemePref,
  saveCode,
  saveLayoutPref,
} from './persistence';
import { timelineSlice, type TimelineSlice } from './timelineSlice';

export { SPEEDS, type Speed };

/** Where a run is. */
export type RunStatus = 'idle' | 'compiling' | 'running' | 'exited' | 'stopped' | 'compile-error' | 'error';

/** What the editor showed before an action replaced it, so the action can be undone. */
export interface EditorSnapshot {
  exampleId: string | null;
  code: string;
  /** A saved draft of another example that the action replaced (a link's code over that example's draft). */
  overwritten?: { exampleId: string | null; code: string };
}

/** A message at the top of the workspace: text in the page's language, maybe with Undo or another action. */
export interface Notice {
  /** Bumped per notice, so a new notice with the same text still shows. */
  id: number;
  tone: 'info' | 'warn';
  text: (t: Strings) => string;
  /** Secondary lines (a link's ignored options). */
  details?: (t: Strings) => string[];
  undo?: EditorSnapshot;
  /** The undo button redoes (this notice reports an undo). */
  redo?: boolean;
  action?: { label: (t: Strings) => string; run: () => void };
}

export interface EditorSlice {
  /** The open example, or null for a scratch buffer. */
  exampleId: string | null;
  code: string;
  setCode(code: string): void;
  /** Opens an example: its autosaved text if any, else its original. Undoable when the editor held edits. */
  openExample(id: string): void;
  /** Puts the example's original text back (undoable). */
  resetCode(): void;
  /**
   * Replaces what the editor shows (a link, an example, an undo) and offers to undo it. Nothing is lost: the
   * previous text stays in its own draft, and a draft this replaces is kept in the undo snapshot.
   */
  replaceEditor(next: { exampleId: string | null; code: string }, notice: Omit<Notice, 'id' | 'undo'> | null): void;
  /** Undoes the action of the current notice (itself undoable). */
  undo(): void;
}

export interface RunSlice {
  status: RunStatus;
  exitCode: number | null;
  /** performance.now() when Run was pressed; null before the first run. */
  startedAt: number | null;
  /** Wall time of the finished run, ms (real time, as a stopwatch beside the screen would measure it). */
  wallMs: number | null;
  /** Program time at the end of the run, ms (the run's own clock: `time.time()`, sped up while all wait). */
  programMs: number | null;
  compileError: { message: string; line: number; column: number } | null;
  /** A host failure (an mpplay bug), shown in the status line. */
  fatal: string | null;
  /** How the last run ended, as the kernel says (`deadlock`: it stopped a run that would hang); null until then. */
  endReason: RunResult['reason'] | null;
  /** Bumped whenever TraceLog changes; components re-read TraceLog when it moves. */
  traceVersion: number;
  /** Number of trace events of the current run. */
  eventCount: number;
  /**
   * Where the run shown came from when it was not run here: a recorded run carried by the link or fetched from a
   * trace file (nothing ran in this browser). Null for a run of this page.
   */
  recorded: 'link' | 'file' | null;
  /** Why a recorded run the embed was asked to show could not be shown (in English: the reason is technical). */
  recordedProblem: string | null;
  speed: Speed;
  /** Seed of the per-process `random` streams. */
  seed: number;
  setSpeed(speed: Speed): void;
  /**
   * The last run, when it was a controlled one (a replay of a schedule, a run Explore found): its choices and seed
   * (a schedule the share dialog offers), its decisions marked, and the code it ran. Null after any other run.
   */
  lastSchedule: (ControlledEnd & { code: string }) | null;
}

export interface ViewSlice {
  lang: Lang;
  /** The chosen theme; 'auto' follows the system. */
  theme: Theme;
  showPython: boolean;
  /** Shows the compiled JavaScript (what every process evaluates) beside the program; exclusive with showPython. */
  showJs: boolean;
  helpOpen: boolean;
  shareOpen: boolean;
  notice: Notice | null;
  /** Link problems found when the page opened (tests read them). */
  linkProblems: ShareProblem[];
  /** The pane sizes (remembered per browser once the reader moves a separator). */
  layout: PaneLayout;
  /** Sets the pane sizes; `save` remembers them (at the end of a drag, not on every move). */
  setLayout(layout: PaneLayout, save?: boolean): void;
  setLang(lang: Lang): void;
  setTheme(theme: Theme): void;
  toggleShowPython(): void;
  toggleShowJs(): void;
  setHelpOpen(open: boolean): void;
  setShareOpen(open: boolean): void;
  showNotice(notice: Omit<Notice, 'id'> | null): void;
}

export type AppState = EditorSlice & RunSlice & ViewSlice & TimelineSlice;

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

let noticeIds = 0;

const editorSlice: StateCreator<AppState, [], [], EditorSlice> = (set, get) => ({
  ...initialEditor(),
  setCode: (code) => set({ code, compileError: null }),
  openExample: (id) => {
    const ex = findExample(id);
    if (!ex) return;
    const s = get();
    const edited = s.code !== (findExample(s.exampleId)?.source ?? null);
    get().replaceEditor(
      { exampleId: id, code: loadCode(id) ?? ex.source },
      edited ? { tone: 'info', text: (t) => t.noticeExampleOpened(ex.title[get().lang]) } : null,
    );
  },
  resetCode: () => {
    const ex = findExample(get().exampleId);
    get().replaceEditor(
      { exampleId: get().exampleId, code: ex?.source ?? FALLBACK_CODE },
      {
        tone: 'info',
        text: (t) => t.noticeReset,
      },
    );
  },
  replaceEditor: (next, notice) => {
    const s = get();
    const draft = next.exampleId === s.exampleId ? null : loadCode(next.exampleId);
    const undo: EditorSnapshot = { exampleId: s.exampleId, code: s.code };
    if (draft !== null && draft !== next.code) undo.overwritten = { exampleId: next.exampleId, code: draft };
    set({
      exampleId: next.exampleId,
      code: next.code,
      compileError: null,
      notice: notice ? { ...notice, id: ++noticeIds, undo } : s.notice?.undo ? null : s.notice,
    });
  },
  undo: () => {
    const u = get().notice?.undo;
    if (!u) return;
    if (u.overwritten && u.overwritten.exampleId !== u.exampleId) {
      const o = u.overwritten;
      saveCode(o.exampleId, o.code, findExample(o.exampleId)?.source ?? null);
    }
    get().replaceEditor({ exampleId: u.exampleId, code: u.code }, { tone: 'info', text: (t) => t.undone, redo: true });
  },
});

const runSlice: StateCreator<AppState, [], [], RunSlice> = (set) => ({
  status: 'idle',
  exitCode: null,
  startedAt: null,
  wallMs: null,
  programMs: null,
  compileError: null,
  fatal: null,
  endReason: null,
  traceVersion: 0,
  eventCount: 0,
  recorded: null,
  recordedProblem: null,
  speed: 1,
  seed: 0,
  setSpeed: (speed) => set({ speed }),
  lastSchedule: null,
});

const viewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  lang: loadLangPref() ?? browserLang(globalThis.navigator?.languages),
  theme: loadThemePref(),
  showPython: false,
  showJs: false,
  helpOpen: false,
  shareOpen: false,
  notice: null,
  linkProblems: [],
  layout: loadLayoutPref() ?? { ...DEFAULT_LAYOUT },
  setLayout: (layout, save = false) => {
    set({ layout });
    if (save) saveLayoutPref(layout);
  },
  setLang: (lang) => set({ lang }),
  setTheme: (theme) => set({ theme }),
  toggleShowPython: () => set((s) => ({ showPython: !s.showPython, showJs: false })),
  toggleShowJs: () => set((s) => ({ showJs: !s.showJs, showPython: false })),
  setHelpOpen: (helpOpen) => set({ helpOpen }),
  setShareOpen: (shareOpen) => set({ shareOpen }),
  showNotice: (notice) => set({ notice: notice ? { ...notice, id: ++noticeIds } : null }),
});

/** Makes a store; the page uses one (`appStore`), tests may make their own. */
export function createAppStore() {
  return createStore<AppState>()((...a) => ({
    ...editorSlice(...a),
    ...runSlice(...a),
    ...viewSlice(...a),
    ...timelineSlice(...a),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;

/** The page's store. */
export const appStore: AppStore = createAppStore();

/** The original text of the open example, or null for the scratch buffer. */
export function originalCode(s: Pick<AppState, 'exampleId'>): string | null {
  return findExample(s.exampleId)?.source ?? null;
}
