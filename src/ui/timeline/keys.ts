// The chart's keys and mouse gestures, for the help dialog (and the chart's own label): one list, in both languages.
import type { TimelineStrings } from './strings';

/** What a shortcut does: a key of the timeline strings' `actions` table. */
export type ChartAction = keyof TimelineStrings['actions'];
/** A mouse gesture: a key of the timeline strings' `gestures` table. */
export type ChartGesture = keyof TimelineStrings['gestures'];

/**
 * One shortcut of the chart: the keys (names as printed on keyboards: `W`, `PageDown`, `Shift+Home`) and/or a
 * mouse gesture, and what it does. Read the words with `t.actions[action]` and `t.gestures[mouse]`.
 */
export interface ChartShortcut {
  keys: readonly string[];
  mouse?: ChartGesture;
  action: ChartAction;
}

/** Every key and gesture of the chart (focus it first: click it or Tab to it), in the order a help lists them. */
export const CHART_KEYS: readonly ChartShortcut[] = [
  { keys: [], mouse: 'wheel', action: 'scrollRows' },
  { keys: ['PageUp', 'PageDown'], mouse: 'scrollbar', action: 'pageRows' },
  { keys: ['Home', 'End'], action: 'firstLastRow' },
  { keys: ['W', 'S', '+', '−'], mouse: 'modWheel', action: 'zoom' },
  { keys: ['A', 'D', '←', '→'], mouse: 'shiftWheel', action: 'pan' },
  { keys: [], mouse: 'drag', action: 'drag' },
  { keys: ['Shift+Home', 'Shift+End'], action: 'startEnd' },
  { keys: ['0', 'F'], mouse: 'doubleClick', action: 'fit' },
  { keys: ['↑', '↓'], action: 'stepRows' },
  { keys: ['[', ']'], action: 'stepItems' },
  { keys: ['C'], mouse: 'clickFold', action: 'fold' },
  { keys: ['Enter'], mouse: 'clickRow', action: 'filterTerminal' },
  { keys: ['Esc'], action: 'clear' },
  { keys: ['T'], action: 'table' },
];

/** The shortcuts as one sentence per line, e.g. for the chart's accessible description. */
export function describeKeys(t: TimelineStrings): string {
  return CHART_KEYS.map((k) => {
    const how = [...k.keys, ...(k.mouse ? [t.gestures[k.mouse]] : [])].join(t.or);
    return `${how}: ${t.actions[k.action]}`;
  }).join('. ');
}
