// Where each row sits vertically, shared by the canvas chart, the SVG export and hit testing.
import type { Row } from './model';

/** Heights in CSS px. A process row holds its state bar; a pool worker's row adds a band for its tasks. */
export const ROW = {
  process: 28,
  worker: 42,
  pool: 20,
  queue: 26,
  /** The state bar inside a process row. */
  barTop: 6,
  barHeight: 16,
  /** The task band under a worker's state bar. */
  taskTop: 24,
  taskHeight: 14,
  /** Indent per tree level in the label column. */
  indent: 14,
} as const;

/** The y of every row (from the top of the first row) and the total height. */
export interface RowGeometry {
  y: number[];
  h: number[];
  total: number;
  index: Map<string, number>;
}

/** The height of one row. */
export function rowHeight(row: Row): number {
  if (row.kind === 'pool') return ROW.pool;
  if (row.kind === 'queue') return ROW.queue;
  return row.tasks.length ? ROW.worker : ROW.process;
}

/** Stacks the rows top to bottom. */
export function rowGeometry(rows: readonly Row[]): RowGeometry {
  const y: number[] = [];
  const h: number[] = [];
  const index = new Map<string, number>();
  let at = 0;
  rows.forEach((row, i) => {
    const height = rowHeight(row);
    y.push(at);
    h.push(height);
    index.set(row.key, i);
    at += height;
  });
  return { y, h, total: at, index };
}

/** The vertical middle of a row's state bar (where flow arrows attach), or of the row for queues and pools. */
export function rowAnchorY(g: RowGeometry, rows: readonly Row[], key: string): number | null {
  const i = g.index.get(key);
  if (i === undefined) return null;
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
