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
}

let focusSeq = 0;

export const timelineSlice: StateCreator<TimelineSlice, [], [], TimelineSlice> = (set) => ({
  terminalFilter: null,
  filterTerminal: (pid) => set({ terminalFilter: pid }),
  chartFocus: null,
  focusChart: (at, pid) => set({ chartFocus: { at, pid, seq: ++focusSeq } }),
  timelineTable: false,
  setTimelineTable: (timelineTable) => set({ timelineTable }),
});
