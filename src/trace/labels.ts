// The label column: each row's label (the full text, and as much as fits), and the column's width the labels need.
import { ROW } from './geometry';
import type { Layout, Row } from './model';
import { fitText, type Painter } from './painter';
import { formatDuration } from './time';
import type { ChartWords } from './words';

/** Label text size, px (monospace: pids and names line up). */
export const LABEL_SIZE = 11;
/** The running-time figure at the right of a process's label, px. */
export const FIGURE_SIZE = 10;

/** Room left of each label for its row's ▸/▾ (rows with rows under them), px. */
export const DISCLOSURE = 14;

/** Where a row's label (its colour swatch) starts: indented by its depth, after the room for its ▸/▾. */
export function labelX(row: Row): number {
  return 4 + DISCLOSURE + row.depth * ROW.indent;
}

/** Where the label's text starts, after its colour swatch. */
export function labelTextX(row: Row): number {
  return labelX(row) + (row.kind === 'queue' ? 12 : 8);
}

/** How many rows are drawn right under each row (a pool's workers, a group's processes). */
export function childCounts(layout: Layout): Map<string, number> {
  const n = new Map<string, number>();
  for (const r of layout.rows) {
    const under = r.group ?? r.parent;
    if (under !== null) n.set(under, (n.get(under) ?? 0) + 1);
  }
  return n;
}

/**
 * A row's whole label: `1001 Process-1`, `1004 Process-4 ·d` (daemon), `Pool#1 (5 workers)`, `200 processes`
 * (a group), `Queue#1 depth`.
 */
export function rowLabel(row: Row, children: number, w: ChartWords): string {
  if (row.kind === 'process') return `${row.pid} ${row.name}${row.daemon ? ' ·d' : ''}`;
  if (row.kind === 'pool') return `${row.name} ${w.workers(children)}`;
  if (row.kind === 'group') return w.children(children);
  return `${row.name} ${w.depth}`;
}

/** The running time a process row shows at the right of its label (null for other rows). */
export function rowFigure(row: Row): string | null {
  if (row.kind !== 'process' || row.synthetic) return null;
  let ms = 0;
  for (const s of row.spans) if (s.state === 'running') ms += s.end - s.start;
  return formatDuration(ms, 1);
}

/** The room a label has in a column `gutter` px wide, beside its running-time figure. */
export function labelRoom(p: Painter, row: Row, gutter: number, figure: string | null): number {
  const room = gutter - labelTextX(row) - 4;
  return figure === null ? room : room - p.measure(figure, FIGURE_SIZE) - 8;
}

/** The label as drawn in a column `gutter` px wide: whole, or cut with an ellipsis (the tooltip has it whole). */
export function fittedLabel(p: Painter, row: Row, children: number, gutter: number, w: ChartWords): string {
  return fitText(p, rowLabel(row, children, w), LABEL_SIZE, labelRoom(p, row, gutter, rowFigure(row)), 'mono');
}

/** Width of a figure as wide as any running time gets (`12.3 ms`, `1 min 5 s`), so the column does not jitter. */
const FIGURE_ROOM = '99.9 ms';

/** The label column's width that shows every label whole (the widest label, its indent and its figure). */
export function neededGutter(p: Painter, layout: Layout, w: ChartWords): number {
  const counts = childCounts(layout);
  let widest = 0;
  let widestRow: Row | null = null;
  for (const row of layout.rows) {
    // Monospace: the longest text at its indent is the widest; measure that one only (1,000 rows, one measure).
    const wide = labelTextX(row) + rowLabel(row, counts.get(row.key) ?? 0, w).length * 7;
    if (wide > widest) {
      widest = wide;
      widestRow = row;
    }
  }
  if (!widestRow) return 0;
  const text = rowLabel(widestRow, counts.get(widestRow.key) ?? 0, w);
  return Math.ceil(
    labelTextX(widestRow) + p.measure(text, LABEL_SIZE, 'mono') + 4 + p.measure(FIGURE_ROOM, FIGURE_SIZE) + 8,
  );
}
