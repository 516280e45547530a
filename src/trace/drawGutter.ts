// The frame around the plot: the time axis on top and the label column on the left (tree, ▸/▾, names, running time).
import { hasChildren, isCollapsed } from './collapse';
import type { ChartView } from './draw';
import { ROW } from './geometry';
import { childCounts, DISCLOSURE, FIGURE_SIZE, fittedLabel, LABEL_SIZE, labelTextX, labelX, rowFigure } from './labels';
import type { Layout, Row } from './model';
import type { Painter } from './painter';
import { processColour, type ChartTheme } from './theme';
import type { Tick } from './timeScale';
import { timeToPx } from './timeScale';

const SMALL = 10;

/** The time axis: tick marks and labels, the playhead's triangle, the label column's headings. */
export function drawAxis(p: Painter, view: ChartView, theme: ChartTheme, tickList: readonly Tick[]): void {
  const { gutter, top, scale } = view;
  p.rect(0, 0, gutter + scale.width, top, theme.gutter);
  p.line(0, top - 0.5, gutter + scale.width, top - 0.5, theme.grid, 1);
  p.clip(gutter, 0, scale.width, top);
  for (const t of tickList) {
    p.line(gutter + t.x, top - 5, gutter + t.x, top, theme.muted, 1);
    p.text(gutter + t.x + 3, top / 2, t.label, { colour: theme.muted, size: SMALL, baseline: 'middle' });
  }
  if (view.now !== null) {
    const x = gutter + timeToPx(scale, view.now);
    p.polygon([x - 4, top - 6, x + 4, top - 6, x, top], theme.now);
  }
  p.restore();
  p.clip(0, 0, gutter, top);
  p.text(8, top / 2, view.words.headProcess, { colour: theme.muted, size: SMALL, baseline: 'middle' });
  p.text(gutter - 6, top / 2, view.words.headRunning, {
    colour: theme.muted,
    size: SMALL,
    baseline: 'middle',
    align: 'right',
  });
  p.restore();
}

/** Where a row's ▸/▾ is drawn (the pointer toggles it there): its centre x. */
export function disclosureX(row: Row): number {
  return labelX(row) - DISCLOSURE / 2 - 1;
}

/** The label column from row `first` on: tree elbows, ▸/▾ on rows with rows under them, swatch, name, figure. */
export function drawLabels(p: Painter, layout: Layout, view: ChartView, theme: ChartTheme, first: number): void {
  const { gutter, top, height } = view;
  p.clip(0, top, gutter, height - top);
  p.rect(0, top, gutter, height - top, theme.gutter);
  const counts = childCounts(layout);
  for (let i = first; i < layout.rows.length; i++) {
    const h = view.geometry.h[i] as number;
    if (h === 0) continue; // folded into a collapsed row
    const y = top + (view.geometry.y[i] as number) - view.scrollY;
    if (y > height) break;
    const row = layout.rows[i] as Row;
    if (row.key === view.selectedRow) p.rect(0, y, gutter, h, theme.selected);
    const x = labelX(row);
    const mid = row.kind === 'process' ? y + ROW.barTop + ROW.barHeight / 2 : y + h / 2;
    const folds = hasChildren(layout.rows, i);
    if (row.depth > 0) {
      // A tree elbow from the parent's swatch.
      const ex = x - ROW.indent + 2;
      p.line(ex, y, ex, mid, theme.grid, 1);
      p.line(ex, mid, folds ? x - DISCLOSURE : x - 2, mid, theme.grid, 1);
    }
    if (folds) {
      const cx = disclosureX(row);
      if (isCollapsed(row, view.collapse)) p.polygon([cx - 3, mid - 4, cx + 3, mid, cx - 3, mid + 4], theme.text);
      else p.polygon([cx - 4, mid - 3, cx + 4, mid - 3, cx, mid + 3], theme.text);
    }
    const colour = row.kind === 'queue' ? theme.queue.line : processColour(theme, row.colour);
    if (row.kind === 'process') p.rect(x, mid - 5, 4, 10, colour);
    else if (row.kind === 'queue') p.polygon([x, mid + 5, x + 4, mid - 5, x + 8, mid + 5], colour);
    else if (row.kind === 'group') for (const dy of [-4, 0, 4]) p.rect(x, mid + dy - 1, 4, 2, colour);
    const figure = rowFigure(row);
    if (figure !== null) {
      // Running time (code, not sleep or waits) at the right of the label column, as in the summary.
      p.text(gutter - 6, mid, figure, { colour: theme.muted, size: FIGURE_SIZE, baseline: 'middle', align: 'right' });
    }
    p.text(labelTextX(row), mid, fittedLabel(p, row, counts.get(row.key) ?? 0, gutter, view.words), {
      colour: row.kind === 'process' ? theme.text : theme.muted,
      size: LABEL_SIZE,
      font: 'mono',
      baseline: 'middle',
      weight: row.kind === 'pool' || row.kind === 'group' ? 'bold' : 'normal',
    });
  }
  p.line(gutter - 0.5, top, gutter - 0.5, height, theme.grid, 1);
  p.restore();
}
