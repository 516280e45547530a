// Where each row sits vertically, shared by the canvas chart, the SVG export and hit testing.
import { shownAs, type Collapse } from './collapse';
import type { Row } from './model';

/** Heights in CSS px. A process row holds its state bar; a pool worker's row adds a band for its tasks. */
export const ROW = {
  process: 28,
  worker: 42,
  pool: 20,
  group: 26,
  queue: 26,
  /** The state bar inside a process row. */
  barTop: 6,
  barHeight: 16,
  /** The task band under a worker's state bar. */
  taskTop: 24,
  taskHeight: 14,
  /** Indent per tree level in the label column. */
  indent: 16,
} as const;

/**
 * The y of every row (from the top of the first row) and the total height. A row folded into a collapsed one
 * has height 0 (at the y of the next row shown) and `shownAs` the index of the row it is folded into.
 */
export interface RowGeometry {
  y: number[];
  h: number[];
  total: number;
  index: Map<string, number>;
  shownAs: Int32Array;
}

/** The height of one row. */
export function rowHeight(row: Row): number {
  if (row.kind === 'pool') return ROW.pool;
  if (row.kind === 'group') return ROW.group;
  if (row.kind === 'queue') return ROW.queue;
  return row.tasks.length ? ROW.worker : ROW.process;
}

/** Stacks the rows top to bottom, leaving out those folded into a collapsed row. */
export function rowGeometry(rows: readonly Row[], collapse?: Collapse): RowGeometry {
  const y: number[] = [];
  const h: number[] = [];
  const index = new Map<string, number>();
  const shown = shownAs(rows, collapse);
  let at = 0;
  rows.forEach((row, i) => {
    const height = shown[i] === i ? rowHeight(row) : 0;
    y.push(at);
    h.push(height);
    index.set(row.key, i);
    at += height;
  });
  return { y, h, total: at, index, shownAs: shown };
}

/**
 * The vertical middle of a row's state bar (where flow arrows attach), or of the row for queues and pools; for
 * a folded row, that of the row it is folded into.
 */
export function rowAnchorY(g: RowGeometry, rows: readonly Row[], key: string): number | null {
  const k = g.index.get(key);
  if (k === undefined) return null;
  const i = g.shownAs[k] ?? k;
  const row = rows[i] as Row;
  const top = g.y[i] as number;
  return row.kind === 'process' ? top + ROW.barTop + ROW.barHeight / 2 : top + (g.h[i] as number) / 2;
}

/** The index of the row at y (from the top of the first row), or -1. Binary search: rows are stacked. */
export function rowAt(g: RowGeometry, y: number): number {
  if (y < 0 || y >= g.total) return -1;
  let lo = 0;
  let hi = g.y.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((g.y[mid] as number) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
