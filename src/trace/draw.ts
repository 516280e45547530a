// Draws the chart on any Painter: time axis, row labels, state spans, pool tasks, markers, queue depth, item flows.
import type { Collapse } from './collapse';
import { drawFlows } from './drawFlows';
import { drawAxis, drawLabels } from './drawGutter';
import { drawDepth, drawGroup, drawMarkers } from './drawMarks';
import { ROW, rowAt, type RowGeometry } from './geometry';
import type { Layout, Row, Span } from './model';
import { fitText, type Painter } from './painter';
import { firstEndingAfter } from './search';
import { processColour, type ChartTheme } from './theme';
import { time, type Time } from './time';
import { pxToTime, ticks, timeToPx, type TimeScale } from './timeScale';
import { CHART_WORDS, type ChartWords } from './words';
import { spanText } from './describe';

/** Where the chart is drawn and what is shown: the plot starts at x = gutter and y = top. */
export interface ChartView {
  scale: TimeScale;
  geometry: RowGeometry;
  /** Width of the row-label column, px. */
  gutter: number;
  /** Height of the time axis above the rows, px. */
  top: number;
  /** Height of the whole drawing (axis + rows shown), px. */
  height: number;
  /** Vertical scroll of the rows, px. */
  scrollY: number;
  selectedRow: string | null;
  /** The "now" line while the run goes (or the replay's moment), else null. */
  now: Time | null;
  /** The words drawn (the page's language). */
  words: ChartWords;
  /** Rows the user folded or unfolded (group rows start folded); the geometry must have been made with it. */
  collapse?: Collapse;
}

const SMALL = 10;

/** Draws everything but the hover overlay. */
export function drawChart(p: Painter, layout: Layout, view: ChartView, theme: ChartTheme): void {
  const { gutter, top, height, scale } = view;
  const width = gutter + scale.width;
  p.rect(0, 0, width, height, theme.background);
  if (!layout.rows.length) {
    // Nothing has run (or nothing has started yet): no axis that moves, no "now", just how to begin.
    p.text(width / 2, Math.min(height / 2, 60), emptyText(layout, view), {
      colour: theme.muted,
      size: 13,
      align: 'center',
      baseline: 'middle',
    });
    return;
  }
  const first = Math.max(0, rowAt(view.geometry, view.scrollY));
  const rowsBottom = view.scrollY + (height - top);
  const tickList = ticks(scale);

  p.clip(gutter, top, scale.width, height - top);
  let shown = 0;
  for (let i = first; i < layout.rows.length; i++) {
    const h = view.geometry.h[i] as number;
    if (h === 0) continue; // folded into a collapsed row
    const y = top + (view.geometry.y[i] as number) - view.scrollY;
    if (y > height) break;
    const row = layout.rows[i] as Row;
    if (row.key === view.selectedRow) p.rect(gutter, y, scale.width, h, theme.selected);
    else if (shown % 2 === 1) p.rect(gutter, y, scale.width, h, theme.rowAlt);
    shown++;
  }
  for (const t of tickList) p.line(gutter + t.x, top, gutter + t.x, height, theme.grid, 1);
  for (let i = first; i < layout.rows.length; i++) {
    const h = view.geometry.h[i] as number;
    if (h === 0) continue;
    const y = top + (view.geometry.y[i] as number) - view.scrollY;
    if (y > height) break;
    drawRow(p, layout, layout.rows[i] as Row, y, h, view, theme);
  }
  drawFlows(p, layout, view, theme, rowsBottom);
  if (view.now !== null) {
    const x = gutter + timeToPx(scale, view.now);
    p.line(x, top, x, height, theme.now, 1.5);
  }
  p.restore();

  drawAxis(p, view, theme, tickList);
  drawLabels(p, layout, view, theme, first);
}

/** What an empty chart says: how to start (before a run), nothing while a run is starting. */
export function emptyText(layout: Layout, view: ChartView): string {
  return layout.live ? '' : view.words.empty;
}

function drawRow(p: Painter, layout: Layout, row: Row, y: number, h: number, view: ChartView, theme: ChartTheme): void {
  if (row.kind === 'process') {
    drawSpans(p, row.spans, y + ROW.barTop, view, theme);
    if (row.tasks.length) drawTasks(p, row, y + ROW.taskTop, view, theme);
    drawMarkers(p, row, y, view, theme);
  } else if (row.kind === 'queue') {
    drawDepth(p, layout, row, y, h, view, theme);
    drawMarkers(p, row, y, view, theme);
  } else if (row.kind === 'group') {
    drawGroup(p, layout, row, y, h, view, theme);
  } else {
    // A pool: a bracket over its workers' lifetime.
    const workers = layout.rows.filter((r) => r.parent === row.key);
    const from = Math.min(...workers.map((w) => w.spawnedAt ?? Infinity));
    const to = Math.max(...workers.map((w) => w.reapedAt ?? layout.end));
    if (Number.isFinite(from)) {
      const x0 = view.gutter + timeToPx(view.scale, time(from));
      const x1 = view.gutter + timeToPx(view.scale, time(to));
      const c = processColour(theme, row.colour);
      p.line(x0, y + h / 2, x1, y + h / 2, c, 1);
      p.line(x0, y + h / 2, x0, y + h, c, 1);
      p.line(x1, y + h / 2, x1, y + h, c, 1);
    }
  }
}

function drawSpans(p: Painter, spans: readonly Span[], y: number, view: ChartView, theme: ChartTheme): void {
  const { scale, gutter } = view;
  const t0 = pxToTime(scale, -2);
  const t1 = pxToTime(scale, scale.width + 2);
  // Spans narrower than a pixel are merged into one pixel-wide mark in the state that fills most of it.
  let px0 = 0;
  let px1 = -Infinity;
  let best: Span | null = null;
  let bestMs = -1;
  const flush = () => {
    if (best) paintSpan(p, best, gutter + px0, y, Math.max(1, px1 - px0), theme, false);
    best = null;
    bestMs = -1;
  };
  for (let i = firstEndingAfter(spans, t0); i < spans.length; i++) {
    const s = spans[i] as Span;
    if (s.start > t1) break;
    const x0 = timeToPx(scale, s.start);
    const x1 = timeToPx(scale, s.end);
    if (x1 - x0 >= 1) {
      flush();
      paintSpan(p, s, gutter + x0, y, x1 - x0, theme, true, view.words);
      continue;
    }
    if (!best || x0 - px1 > 0.5 || px1 - px0 >= 1) {
      flush();
      px0 = x0;
    }
    px1 = Math.max(px1, x1);
    const ms = s.end - s.start;
    if (ms > bestMs) {
      best = s;
      bestMs = ms;
    }
  }
  flush();
}

/** One state span; `labelled` spans carry their text (in `words`) when it fits. */
export function paintSpan(
  p: Painter,
  s: Span,
  x: number,
  y: number,
  w: number,
  theme: ChartTheme,
  labelled: boolean,
  words: ChartWords = CHART_WORDS.en,
) {
  const st = theme.states[s.state];
  // Clamp to the visible area so huge zooms never hand the painter astronomically wide rectangles.
  const left = Math.max(x, -10);
  const right = Math.min(x + w, 1e6);
  const cw = right - left;
  if (cw <= 0) return;
  if (st.pattern === 'outline') {
    p.rect(left, y + 3, cw, ROW.barHeight - 6, st.fill);
    p.strokeRect(left + 0.5, y + 3.5, Math.max(0, cw - 1), ROW.barHeight - 7, st.ink, 1, [2, 2]);
  } else {
    p.rect(
      left,
      y,
      cw,
      ROW.barHeight,
      st.pattern === 'solid' ? st.fill : { pattern: st.pattern, fill: st.fill, ink: st.ink },
    );
  }
  if (!labelled || cw < 24 || s.state === 'running' || s.state === 'starting') return;
  const tx = Math.max(left, 0) + 4;
  const text = fitText(p, spanText(s, words), SMALL, right - tx - 3, 'mono');
  if (text)
    p.text(tx, y + ROW.barHeight / 2 + 0.5, text, { colour: st.text, size: SMALL, font: 'mono', baseline: 'middle' });
}

function drawTasks(p: Painter, row: Row, y: number, view: ChartView, theme: ChartTheme): void {
  const { scale, gutter } = view;
  const t0 = pxToTime(scale, -2);
  const t1 = pxToTime(scale, scale.width + 2);
  for (let i = firstEndingAfter(row.tasks, t0); i < row.tasks.length; i++) {
    const t = row.tasks[i] as Row['tasks'][number];
    if (t.start > t1) break;
    const x0 = Math.max(-10, gutter + timeToPx(scale, t.start));
    const x1 = Math.min(1e6, gutter + timeToPx(scale, t.end));
    const w = Math.max(1, x1 - x0 - 1);
    p.rect(x0, y, w, ROW.taskHeight, t.ok === false ? theme.task.failed : theme.task.fill);
    if (w > 20) {
      const tx = Math.max(x0, gutter) + 3;
      const label = fitText(p, `${t.fn}(${t.summary.replace(/^\[|\]$/g, '')})`, SMALL, x1 - tx - 3, 'mono');
      if (label)
        p.text(tx, y + ROW.taskHeight / 2 + 0.5, label, {
          colour: theme.task.text,
          size: SMALL,
          font: 'mono',
          baseline: 'middle',
        });
    }
  }
}
