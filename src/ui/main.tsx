// The page's entry: React, autosave, a shared link if the address has one, test hooks. Monaco loads later, lazily.
import { StrictMode } from 'react';
import type { TraceFile } from '../protocol/trace';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { EXAMPLES } from './examples';
import type { ExploreParams, ExploreSummary } from '../hosts/browser/exploreProtocol';
import { searchStore, startSearch, stopSearch } from './explore/search';
import { linksRead, openLinkFromLocation } from './openLink';
import { offerOtherDrafts } from './otherDrafts';
import { run, runAt, runCount, startAutosave, stop, traceLog } from './runController';
import { steppingStore } from './stepping';
import { guardDuplicateTab } from './store/persistence';
import { appStore } from './store/store';
import { currentTraceFile } from './traceExport';
import './styles';

/** Test hooks for Playwright (STYLE habit 10: tests wait on app state, never on sleeps). */
interface MpplayHooks {
  setCode(text: string): void;
  getCode(): string;
  /** `reason`: how the last run ended, as the kernel says (`deadlock`...), null until it has. */
  state(): {
    status: string;
    exitCode: number | null;
    events: number;
    reason: string | null;
    recorded: 'link' | 'file' | null;
  };
  /** Runs the editor's text; `traceLevel: 'lifecycle'` without per-item events (for `npm run bench`). */
  run(opts?: { traceLevel?: 'full' | 'lifecycle'; schedule?: number[] }): void;
  stop(): void;
  /** The text of the editor's model itself (to check that a failed run never touched it). Loads Monaco. */
  editorText(): Promise<string | null>;
  /** The lines marked in the editor as where processes wait (at the moment every pane shows). */
  lineMarks(): Promise<{ line: number; text: string }[]>;
  /** The markers a run put on the editor (compile errors), 1-based. */
  runMarkers(): Promise<{ line: number; column: number; message: string }[]>;
  /** Every marker on the editor's text (Monaco's TypeScript diagnostics included), with its owner. */
  editorMarkers(): Promise<{ owner: string; line: number; column: number; message: string }[]>;
  /** Where the editor's cursor is, and whether the editor has the focus. */
  editorCursor(): Promise<{ line: number; column: number; focused: boolean } | null>;
  /** The TypeScript errors Monaco's language service finds in the editor's text now (syntactic + semantic). */
  typeErrors(): Promise<string[]>;
  /** Each gallery example's id and what its run must show (the catalog's `expect`). */
  examples(): { id: string; expect: unknown }[];
  /** The open example, speed, seed, language and theme (what a share link sets). */
  options(): { exampleId: string | null; speed: number; seed: number; lang: string; theme: string };
  /** The problems of the link the page opened with, as codes. */
  linkProblems(): string[];
  /** True once the share link in the address (if any) has been applied. */
  linkOpened(): boolean;
  /** The current (or last) run's trace file, as `mpplay run --trace` writes it: read-only (the cross-engine tests). */
  trace(): TraceFile;
  /** How many runs the page has started (workers booted ahead of a run do not count: they run nothing). */
  runs(): number;
  /** How many links the page has read (the first, and each pasted into the address since). */
  linksRead(): number;
  /** Starts Explore on the editor's program with these settings (as the dialog would; the cross-engine tests). */
  explore(params: Partial<ExploreParams>): void;
  /** Stops the search (softly, or at once). */
  stopExplore(hard?: boolean): void;
  /** Where Explore is: its phase, the runs done, and its summary once it ended. */
  exploreState(): { phase: string; runs: number; summary: ExploreSummary | null; error: string | null };
  /** Step through (the scheduler panel): where it is, and the choices shown as `name: label`. */
  stepping(): {
    open: boolean;
    phase: string;
    seq: number;
    step: number | null;
    options: string[];
    matters: boolean | null;
  };
}

const monacoHooks = () => import('./MonacoPane').then((m) => m.monacoHooks);
let linkDone = false;

(globalThis as unknown as { __mpplay: MpplayHooks }).__mpplay = {
  setCode: (text) => appStore.getState().setCode(text),
  getCode: () => appStore.getState().code,
  state: () => {
    const s = appStore.getState();
    return {
      status: s.status,
      exitCode: s.exitCode,
      events: traceLog.total,
      reason: s.endReason,
      recorded: s.recorded,
    };
  },
  run: (opts) => (opts?.traceLevel || opts?.schedule ? runAt(opts.traceLevel ?? 'full', opts.schedule) : run()),
  stop,
  editorText: async () => (await monacoHooks()).editorText(),
  lineMarks: async () => (await monacoHooks()).lineMarks(),
  runMarkers: async () => (await monacoHooks()).runMarkers(),
  editorMarkers: async () => (await monacoHooks()).editorMarkers(),
  typeErrors: async () => (await monacoHooks()).typeErrors(),
  editorCursor: async () => (await monacoHooks()).cursor(),
  examples: () => EXAMPLES.map((e) => ({ id: e.id, expect: e.expect ?? null })),
  options: () => {
    const s = appStore.getState();
    return { exampleId: s.exampleId, speed: s.speed, seed: s.seed, lang: s.lang, theme: s.theme };
  },
  linkProblems: () => appStore.getState().linkProblems.map((p) => p.code),
  linkOpened: () => linkDone,
  trace: currentTraceFile,
  linksRead,
  runs: runCount,
  explore: (params) => {
    searchStore.setState(params);
    startSearch();
  },
  stopExplore: (hard) => stopSearch(hard),
  exploreState: () => {
    const s = searchStore.getState();
    return { phase: s.phase, runs: s.done, summary: s.summary, error: s.error };
  },
  stepping: () => {
    const s = steppingStore.getState();
    return {
      open: s.open,
      phase: s.phase,
      seq: s.seq,
      step: s.point?.step ?? null,
      options: s.point?.options.map((o) => `${o.name}: ${o.label}`) ?? [],
      matters: s.point?.matters ?? null,
    };
  },
};

guardDuplicateTab();
startAutosave();
void openLinkFromLocation().finally(() => {
  linkDone = true;
  offerOtherDrafts();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
