// The page's pane sizes as data: the editor's and the terminal's share of the main column, the side column's width.

/** Sizes of the resizable panes; the chart takes what the editor and the terminal leave of the main column. */
export interface PaneLayout {
  /** The editor's share of the main column's height, 0–1. */
  code: number;
  /** The terminal's share of the main column's height, 0–1. */
  term: number;
  /** The side column's (lesson, process table) width, CSS px. */
  side: number;
}

/**
 * What a lesson needs at 1400×860 and about: the code readable (~14 lines), the chart with room for a handful of
 * rows, the terminal with a traceback's worth of lines (~13), and the process table's EXIT column in view.
 */
export const DEFAULT_LAYOUT: Readonly<PaneLayout> = Object.freeze({ code: 0.355, term: 0.3, side: 420 });

/** The smallest each pane gets, CSS px (a pane can be made small, never lost). */
export const MIN_PX = { code: 60, chart: 90, term: 50, side: 240, main: 360 } as const;

/** Which boundary a separator moves. */
export type Boundary = 'code' | 'term' | 'side';

/** Keeps a layout inside what a main column `height` px tall and a workspace `width` px wide can show. */
export function clampLayout(l: PaneLayout, height: number, width: number): PaneLayout {
  const h = Math.max(height, MIN_PX.code + MIN_PX.chart + MIN_PX.term);
  const minCode = MIN_PX.code / h;
  const minTerm = MIN_PX.term / h;
  const minChart = MIN_PX.chart / h;
  const code = Math.min(Math.max(l.code, minCode), 1 - minChart - minTerm);
  const term = Math.min(Math.max(l.term, minTerm), 1 - minChart - code);
  const maxSide = Math.max(MIN_PX.side, width - MIN_PX.main);
  const side = Math.round(Math.min(Math.max(l.side, MIN_PX.side), maxSide));
  return { code, term, side };
}

/**
 * Moves one boundary by `deltaPx` (down or right is positive) in a main column `height` px tall: the editor grows
 * downwards, the terminal grows upwards (so its separator moves the other way), the side column grows leftwards.
 */
export function moveBoundary(
  l: PaneLayout,
  which: Boundary,
  deltaPx: number,
  height: number,
  width: number,
): PaneLayout {
  const next = { ...l };
  // A separator trades room only between its two neighbours: the chart gives way down to its minimum, then stops.
  const room = 1 - MIN_PX.chart / Math.max(height, 1);
  if (which === 'code') next.code = Math.min(l.code + deltaPx / height, room - l.term);
  else if (which === 'term') next.term = Math.min(l.term - deltaPx / height, room - l.code);
  else next.side = l.side - deltaPx;
  return clampLayout(next, height, width);
}

/** Reads a saved layout; null when it is not one (a layout saved by another version, or tampered with). */
export function parseLayout(text: string | null): PaneLayout | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<Record<keyof PaneLayout, unknown>>;
    const ok = (x: unknown, lo: number, hi: number) =>
      typeof x === 'number' && Number.isFinite(x) && x >= lo && x <= hi;
    if (!ok(v.code, 0, 1) || !ok(v.term, 0, 1) || !ok(v.side, 0, 10_000)) return null;
    if ((v.code as number) + (v.term as number) >= 1) return null;
    return { code: v.code as number, term: v.term as number, side: v.side as number };
  } catch {
    return null;
  }
}
