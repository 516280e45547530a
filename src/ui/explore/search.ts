// Explore on the page: the dialog's state (a small store of its own), and the search it starts on the page's bridge,
// stops (softly, then hard), and whose found run it shows (replayed as a controlled run, so every pane shows it).
import { createStore } from 'zustand/vanilla';
import type { ExploreParams, ExploreRow, ExploreSummary } from '../../hosts/browser/exploreProtocol';
import { sharedMemoryUsable } from '../../hosts/browser/sharedMemory';
import type { ExploreStrategy, ExploreUntil } from '../../protocol/sched/explore';
import { claimBridge, releaseBridge } from '../runBridge';
import { replaySchedule, stop as stopRun } from '../runController';
import { appStore } from '../store/store';

/** How long a soft stop may take (the run going on ends first) before the search is stopped hard (ms). */
export const SOFT_STOP_MS = 3000;

export type SearchPhase = 'idle' | 'searching' | 'stopping' | 'done' | 'failed';

export interface SearchState {
  open: boolean;
  strategy: ExploreStrategy;
  until: ExploreUntil;
  runs: number;
  /** The strategy's seed (random, PCT). */
  strategySeed: number;
  depth: number;
  phase: SearchPhase;
  /** Runs done so far and the outcomes so far (while searching). */
  done: number;
  histogram: ExploreRow[];
  summary: ExploreSummary | null;
  /** Why the search could not run or ended early (a compile error, a host failure, stopped hard). */
  error: string | null;
  /** The program text searched (a found run is shown only while the editor holds it). */
  code: string | null;
}

export const searchStore = createStore<SearchState>()(() => ({
  open: false,
  strategy: 'random',
  until: 'assert',
  runs: 100,
  strategySeed: 0,
  depth: 3,
  phase: 'idle',
  done: 0,
  histogram: [],
  summary: null,
  error: null,
  code: null,
}));

export function setExploreOpen(open: boolean): void {
  searchStore.setState({ open });
}

let hardTimer: ReturnType<typeof setTimeout> | null = null;
let current: { abort: () => void; stop: (hard: boolean) => void } | null = null;

/** Starts a search of the editor's program with the dialog's parameters (a run or a search going on is stopped). */
export function startSearch(): void {
  const st = searchStore.getState();
  const params: ExploreParams = {
    strategy: st.strategy,
    until: st.until,
    runs: st.runs,
    strategySeed: st.strategySeed,
    depth: st.depth,
  };
  const code = appStore.getState().code;
  let over = false;
  const end = (patch: Partial<SearchState>) => {
    if (over) return;
    over = true;
    if (hardTimer !== null) clearTimeout(hardTimer);
    hardTimer = null;
    releaseBridge(abort);
    if (current?.abort === abort) current = null;
    searchStore.setState(patch);
  };
  // A run or Stop took the bridge over (or the soft stop took too long): the search ends with what it had.
  const abort = () => {
    const s = searchStore.getState();
    end({
      phase: 'done',
      summary: { found: null, runs: s.done, histogram: s.histogram, interrupted: true, shared: sharedMemoryUsable() },
    });
  };
  stopRun();
  const bridge = claimBridge(abort);
  current = {
    abort,
    stop: (hard) => {
      if (hard) {
        bridge.stop();
        abort();
        return;
      }
      searchStore.setState({ phase: 'stopping' });
      bridge.stopSearch();
      hardTimer ??= setTimeout(() => current?.stop(true), SOFT_STOP_MS);
    },
  };
  searchStore.setState({ phase: 'searching', done: 0, histogram: [], summary: null, error: null, code });
  const s = appStore.getState();
  bridge.run(
    { source: code, filename: 'main.ts', speed: s.speed, seed: s.seed, explore: params },
    {
      onEvents: () => undefined,
      onEnd: () => end({ phase: 'failed', error: 'the kernel worker ran the program instead of searching it' }),
      onExploreProgress: (done, histogram) => {
        if (!over) searchStore.setState({ done, histogram });
      },
      onExploreEnd: (summary) => end({ phase: 'done', summary, done: summary.runs, histogram: summary.histogram }),
      onCompileError: (e) => end({ phase: 'failed', error: `main.ts:${e.line}:${e.column}: ${e.message}` }),
      onFatal: (message) => end({ phase: 'failed', error: message }),
    },
  );
}

/** Stops the search: at the end of its current run (it reports what it found so far), or at once (`hard`). */
export function stopSearch(hard = false): void {
  current?.stop(hard);
}

/**
 * Shows the found run: replays its schedule as a controlled run with its seed, so the chart, the terminal and the
 * process table show it, and the schedule strip marks its decisions. False when the editor no longer holds the
 * program searched (the schedule would not fit).
 */
export function showFound(): boolean {
  const { summary, code } = searchStore.getState();
  const found = summary?.found;
  if (!found || code === null || !replaySchedule(code, found.choices, found.seed)) return false;
  searchStore.setState({ open: false });
  return true;
}
