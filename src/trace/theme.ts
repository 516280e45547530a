// The chart's colours and fill patterns (light and dark), and the legend: hues from Okabe–Ito, each state also a pattern.
import type { MarkKind } from './words';
import type { ProcState } from './model';

/** How a state is filled, so states differ without colour too (colour-blind readers, grey-scale print). */
export type PatternKind = 'solid' | 'dots' | 'hatch' | 'vertical' | 'cross' | 'outline';

export interface StateStyle {
  fill: string;
  /** The pattern's ink (stripes, dots) over `fill`. */
  ink: string;
  pattern: PatternKind;
  /** Text drawn on the bar. */
  text: string;
}

export interface ChartTheme {
  name: 'light' | 'dark';
  background: string;
  gutter: string;
  text: string;
  muted: string;
  grid: string;
  rowAlt: string;
  selected: string;
  hover: string;
  states: Record<ProcState, StateStyle>;
  /** Per-process colours by spawn order (the terminal's). */
  process: readonly string[];
  task: { fill: string; failed: string; text: string };
  queue: { fill: string; line: string };
  lost: string;
  release: string;
  now: string;
  exitOk: string;
  exitBad: string;
  output: string;
  stderr: string;
  font: string;
  mono: string;
}

/** The terminal's per-process colours (src/ui/terminalFormat.ts), so a process has one colour everywhere. */
const PROCESS_ON_DARK = ['#61afef', '#98c379', '#e5c07b', '#c678dd', '#56b6c2', '#d19a66', '#ff99cc', '#abb2bf'];
const PROCESS_ON_LIGHT = ['#1f6fb2', '#3f7f2a', '#9a6b00', '#8e3fa8', '#1d7f8c', '#a35a1c', '#c2447f', '#5c6370'];

/** Generic families last, so an export renders anywhere; CJK families for Chinese names and printed text. */
const CJK = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei'";
const FONT = `system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', Arial, ${CJK}, sans-serif`;
const MONO = `ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, ${CJK}, monospace`;

export const LIGHT: ChartTheme = {
  name: 'light',
  background: '#ffffff',
  gutter: '#f4f5f7',
  text: '#1f2329',
  muted: '#5f6672',
  grid: '#e3e5e8',
  rowAlt: '#fafbfc',
  selected: 'rgba(0, 114, 178, 0.12)',
  hover: 'rgba(0, 0, 0, 0.05)',
  states: {
    starting: { fill: '#ffffff', ink: '#8a919c', pattern: 'outline', text: '#5f6672' },
    running: { fill: '#009e73', ink: '#009e73', pattern: 'solid', text: '#ffffff' },
    sleeping: { fill: '#cfe8f7', ink: '#2a8bc4', pattern: 'dots', text: '#0b3d5c' },
    blocked: { fill: '#fbe7c2', ink: '#d08c00', pattern: 'hatch', text: '#5a3b00' },
    terminating: { fill: '#f6c9b3', ink: '#d55e00', pattern: 'cross', text: '#5c1f00' },
    zombie: { fill: '#f2d6e6', ink: '#b5588d', pattern: 'vertical', text: '#5c1c42' },
  },
  process: PROCESS_ON_LIGHT,
  task: { fill: '#0072b2', failed: '#d55e00', text: '#ffffff' },
  queue: { fill: 'rgba(0, 114, 178, 0.25)', line: '#0072b2' },
  lost: '#d55e00',
  release: '#5f6672',
  now: '#d55e00',
  exitOk: '#009e73',
  exitBad: '#d55e00',
  output: '#5f6672',
  stderr: '#d55e00',
  font: FONT,
  mono: MONO,
};

export const DARK: ChartTheme = {
  name: 'dark',
  background: '#1b1d23',
  gutter: '#1f2229',
  text: '#d7dae0',
  muted: '#8b93a1',
  grid: '#2c313a',
  rowAlt: '#1e2027',
  selected: 'rgba(86, 180, 233, 0.16)',
  hover: 'rgba(255, 255, 255, 0.05)',
  states: {
    starting: { fill: '#1b1d23', ink: '#6b7280', pattern: 'outline', text: '#8b93a1' },
    running: { fill: '#1fae86', ink: '#1fae86', pattern: 'solid', text: '#0b1f19' },
    sleeping: { fill: '#173a52', ink: '#56b4e9', pattern: 'dots', text: '#cfe8f7' },
    blocked: { fill: '#3d2f12', ink: '#e69f00', pattern: 'hatch', text: '#fbe7c2' },
    terminating: { fill: '#4a2413', ink: '#ff7a2e', pattern: 'cross', text: '#ffd9c4' },
    zombie: { fill: '#3d2233', ink: '#cc79a7', pattern: 'vertical', text: '#f2d6e6' },
  },
  process: PROCESS_ON_DARK,
  task: { fill: '#3a8fd0', failed: '#ff7a2e', text: '#0b1620' },
  queue: { fill: 'rgba(86, 180, 233, 0.3)', line: '#56b4e9' },
  lost: '#ff7a2e',
  release: '#8b93a1',
  now: '#ff7a2e',
  exitOk: '#1fae86',
  exitBad: '#ff7a2e',
  output: '#8b93a1',
  stderr: '#ff6e6e',
  font: FONT,
  mono: MONO,
};

/** The theme by name. */
export function chartTheme(name: 'light' | 'dark'): ChartTheme {
  return name === 'dark' ? DARK : LIGHT;
}

/** A process's colour (its spawn order); init and unknown rows are grey. */
export function processColour(theme: ChartTheme, slot: number): string {
  if (slot < 0) return theme.muted;
  return theme.process[slot % theme.process.length] as string;
}

/** The legend's states, in reading order (their names and meanings: ChartWords.states). */
export const STATE_LEGEND: readonly ProcState[] = [
  'running',
  'sleeping',
  'blocked',
  'zombie',
  'terminating',
  'starting',
];

/** The legend's marks besides states, in reading order (their names: ChartWords.marks). */
export const MARK_LEGEND: readonly MarkKind[] = ['task', 'flow', 'lost', 'exit', 'output', 'queue'];
