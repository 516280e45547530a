// The timeline's share of the page state: which process the terminal shows, the moment the chart points at, the table view.
import type { StateCreator } from 'zustand/vanilla';

export interface TimelineSlice {
  /** Only this process's lines in the terminal (its row was clicked on the chart), or null for every process. */
  terminalFilter: number | null;
  /** Shows one process's lines in the terminal, or (null) every process's. */
  filterTerminal(pid: number | null): void;
  /** A moment (program ms) the chart should show and mark, e.g. a clicked terminal line; `seq` makes repeats count. */
  chartFocus: { at: number; pid: number | null; seq: number } | null;
  focusChart(at: number, pid: number | null): void;
  /** The chart's events as a table (for screen readers and for reading exact numbers). */
  timelineTable: boolean;
  setTimelineTable(on: boolean): void;
  /**
   * A replay of the finished run: the moment shown (program ms), whether it plays and how fast (0.25–4× program
   * time). The chart and the terminal show only what had happened by then. Null: the whole run.
   */
  replay: Replay | null;
  setReplay(replay: Replay | null): void;
}

export interface Replay {
  at: number;
  playing: boolean;
  rate: number;
}

/** The replay speeds offered. */
export const REPLAY_RATES = [0.25, 0.5, 1, 2, 4] as const;

let focusSeq = 0;

export const timelineSlice: StateCreator<TimelineSlice, [], [], TimelineSlice> = (set) => ({
  terminalFilter: null,
  filterTerminal: (pid) => set({ terminalFilter: pid }),
  chartFocus: null,
  focusChart: (at, pid) => set({ chartFocus: { at, pid, seq: ++focusSeq } }),
  timelineTable: false,
  setTimelineTable: (timelineTable) => set({ timelineTable }),
  replay: null,
  setReplay: (replay) => set({ replay }),
});
