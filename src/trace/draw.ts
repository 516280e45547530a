// Draws the chart on any Painter: time axis, row labels, state spans, pool tasks, markers, queue depth, item flows.
import { ROW, rowAt, type RowGeometry } from './geometry';
import type { Layout, Marker, Row, Span } from './model';
import { cross, drawFlows } from './drawFlows';
import { childCounts, FIGURE_SIZE, fittedLabel, LABEL_SIZE, labelTextX, labelX, rowFigure } from './labels';
import { fitText, type Painter } from './painter';
import { processColour, type ChartTheme } from './theme';
import { time, type Time } from './time';
import { pxToTime, ticks, timeToPx, type TimeScale } from './timeScale';

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
  /** The "now" line while the run goes, else null. */
  now: Time | null;
}

/** Past this many depth steps per pixel of plot in view, a queue's depth is drawn per pixel column (its highest depth there). */
const DEPTH_STEPS_PER_PX = 4;
const SMALL = 10;

/** Draws everything but the hover overlay. */
export function drawChart(p: Painter, layout: Layout, view: ChartView, theme: ChartTheme): void {
  const { gutter, top, height, scale } = view;
  const width = gutter + scale.width;
  p.rect(0, 0, width, height, theme.background);
  const first = Math.max(0, rowAt(view.geometry, view.scrollY));
  const rowsBottom = view.scrollY + (height - top);
  const tickList = ticks(scale);

  p.clip(gutter, top, scale.width, height - top);
  for (let i = first; i < layout.rows.length; i++) {
    const y = top + (view.geometry.y[i] as number) - view.scrollY;
    if (y > height) break;
    const row = layout.rows[i] as Row;
    const h = view.geometry.h[i] as number;
    if (row.key === view.selectedRow) p.rect(gutter, y, scale.width, h, theme.selected);
    else if (i % 2 === 1) p.rect(gutter, y, scale.width, h, theme.rowAlt);
  }
  for (const t of tickList) p.line(gutter + t.x, top, gutter + t.x, height, theme.grid, 1);
  for (let i = first; i < layout.rows.length; i++) {
    const y = top + (view.geometry.y[i] as number) - view.scrollY;
    if (y > height) break;
    drawRow(p, layout, layout.rows[i] as Row, y, view.geometry.h[i] as number, view, theme);
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

function drawAxis(p: Painter, view: ChartView, theme: ChartTheme, tickList: ReturnType<typeof ticks>): void {
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
  p.text(8, top / 2, 'process', { colour: theme.muted, size: SMALL, baseline: 'middle' });
  p.text(gutter - 6, top / 2, 'running', { colour: theme.muted, size: SMALL, baseline: 'middle', align: 'right' });
}

function drawLabels(p: Painter, layout: Layout, view: ChartView, theme: ChartTheme, first: number): void {
  const { gutter, top, height } = view;
  p.clip(0, top, gutter, height - top);
  p.rect(0, top, gutter, height - top, theme.gutter);
  const counts = childCounts(layout);
  for (let i = first; i < layout.rows.length; i++) {
    const y = top + (view.geometry.y[i] as number) - view.scrollY;
    if (y > height) break;
    const row = layout.rows[i] as Row;
    const h = view.geometry.h[i] as number;
    if (row.key === view.selectedRow) p.rect(0, y, gutter, h, theme.selected);
    const x = labelX(row);
    const mid = row.kind === 'process' ? y + ROW.barTop + ROW.barHeight / 2 : y + h / 2;
    if (row.depth > 0) {
      // A tree elbow from the parent's column.
      const ex = x - ROW.indent + 4;
      p.line(ex, y, ex, mid, theme.grid, 1);
      p.line(ex, mid, x - 2, mid, theme.grid, 1);
    }
    const colour = row.kind === 'queue' ? theme.queue.line : processColour(theme, row.colour);
    if (row.kind === 'process') p.rect(x, mid - 5, 4, 10, colour);
    else if (row.kind === 'queue') p.polygon([x, mid + 5, x + 4, mid - 5, x + 8, mid + 5], colour);
    const figure = rowFigure(row);
    if (figure !== null) {
      // Running time (code, not sleep or waits) at the right of the label column, as in the summary.
      p.text(gutter - 6, mid, figure, { colour: theme.muted, size: FIGURE_SIZE, baseline: 'middle', align: 'right' });
    }
    p.text(labelTextX(row), mid, fittedLabel(p, row, counts.get(row.key) ?? 0, gutter), {
      colour: row.kind === 'process' ? theme.text : theme.muted,
      size: LABEL_SIZE,
      font: 'mono',
      baseline: 'middle',
      weight: row.kind === 'pool' ? 'bold' : 'normal',
    });
  }
  p.line(gutter - 0.5, top, gutter - 0.5, height, theme.grid, 1);
  p.restore();
}

function drawRow(p: Painter, layout: Layout, row: Row, y: number, h: number, view: ChartView, theme: ChartTheme): void {
  if (row.kind === 'process') {
    drawSpans(p, row.spans, y + ROW.barTop, view, theme);
    if (row.tasks.length) drawTasks(p, row, y + ROW.taskTop, view, theme);
    drawMarkers(p, row, y, view, theme);
  } else if (row.kind === 'queue') {
    drawDepth(p, layout, row, y, h, view, theme);
    drawMarkers(p, row, y, view, theme);
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

/** Index of the first span that ends at or after t (spans of a row are in time order). */
function firstEndingAfter<T extends { end: Time }>(list: readonly T[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as T).end < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first item at or after t. */
function firstAtOrAfter<T extends { at: Time }>(list: readonly T[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as T).at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
      paintSpan(p, s, gutter + x0, y, x1 - x0, theme, true);
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

/** One state span; `labelled` spans carry their label when it fits. */
export function paintSpan(p: Painter, s: Span, x: number, y: number, w: number, theme: ChartTheme, labelled: boolean) {
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
  const text = fitText(p, s.label, SMALL, right - tx - 3, 'mono');
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

function drawMarkers(p: Painter, row: Row, y: number, view: ChartView, theme: ChartTheme): void {
  const { scale, gutter } = view;
  const t0 = pxToTime(scale, -12);
  const t1 = pxToTime(scale, scale.width + 12);
  const barY = y + ROW.barTop;
  const mid = barY + ROW.barHeight / 2;
  let lastOutputX = -Infinity;
  for (let i = firstAtOrAfter(row.markers, t0); i < row.markers.length; i++) {
    const m = row.markers[i] as Marker;
    if (m.at > t1) break;
    const x = gutter + timeToPx(scale, m.at);
    switch (m.kind) {
      case 'output':
        if (x - lastOutputX < 2) continue;
        lastOutputX = x;
        p.line(
          x,
          barY + ROW.barHeight - 5,
          x,
          barY + ROW.barHeight + 3,
          m.stream === 'stderr' ? theme.stderr : theme.output,
          1.5,
        );
        break;
      case 'start':
        p.polygon([x, barY - 4, x + 6, barY - 4, x, barY + 3], processColour(theme, row.colour));
        break;
      case 'exit': {
        const bad = m.code !== 0;
        p.circle(x, mid, 4.5, bad ? theme.exitBad : theme.exitOk, theme.background);
        p.text(x + 7, barY - 1, String(m.code), {
          colour: bad ? theme.exitBad : theme.muted,
          size: SMALL,
          font: 'mono',
          weight: bad ? 'bold' : 'normal',
          baseline: 'middle',
        });
        break;
      }
      case 'signal':
        p.polygon([x - 4, barY - 5, x + 4, barY - 5, x, barY + 1], theme.exitBad);
        break;
      case 'adopted': {
        // init adopts an orphan: a dashed line down to the orphan's row, at the moment it happens.
        const i = m.from === undefined ? undefined : view.geometry.index.get(`p${m.from}`);
        if (i !== undefined) {
          const oy = view.top + (view.geometry.y[i] as number) - view.scrollY + ROW.barTop;
          p.line(x, mid, x, oy, theme.muted, 1, [3, 3]);
        }
        p.polygon([x, barY - 5, x + 5, barY, x, barY + 5, x - 5, barY], theme.muted, theme.background);
        break;
      }
      case 'reparented':
        p.polygon([x, barY - 5, x + 5, barY, x, barY + 5, x - 5, barY], theme.muted, theme.background);
        p.text(
          x + 7,
          barY - 1,
          m.text.replace(/^orphaned: parent (\d+) ended; adopted by (\d+)$/, '$1 ended → adopted by $2'),
          {
            colour: theme.muted,
            size: SMALL,
            baseline: 'middle',
          },
        );
        break;
      case 'deadlock':
        p.circle(x, mid, 6, null, theme.exitBad);
        p.line(x - 4, mid - 4, x + 4, mid + 4, theme.exitBad, 1.5);
        break;
      case 'untaken': {
        const qm = y + ROW.queue / 2;
        cross(p, x, qm, 5, theme.lost);
        p.text(x - 8, qm, m.text, {
          colour: theme.lost,
          size: SMALL,
          align: 'right',
          baseline: 'middle',
          weight: 'bold',
        });
        break;
      }
    }
  }
}

function drawDepth(p: Painter, layout: Layout, row: Row, y: number, h: number, view: ChartView, theme: ChartTheme) {
  const { scale, gutter } = view;
  const steps = row.depthSteps;
  if (!steps.length) return;
  const base = y + h - 3;
  const scaleY = (h - 8) / Math.max(1, row.maxDepth);
  const t0 = pxToTime(scale, -2);
  const t1 = pxToTime(scale, scale.width + 2);
  const first = Math.max(0, firstAtOrAfter(steps, t0) - 1);
  const last = Math.min(steps.length, firstAtOrAfter(steps, t1) + 1);
  const pts: number[] = [];
  let prevDepth = 0;
  if (last - first > DEPTH_STEPS_PER_PX * scale.width) {
    // A flood of steps (a queue of 100k items): one column per pixel, at the highest depth it reached there,
    // so the outline has a few points per pixel instead of two per step.
    let col = NaN;
    let max = 0;
    for (let i = first; i < last; i++) {
      const s = steps[i] as Row['depthSteps'][number];
      const x = Math.round(Math.max(-10, Math.min(scale.width + 10, timeToPx(scale, s.at))) + gutter);
      if (x !== col) {
        if (!pts.length) pts.push(x, base);
        else pts.push(col, base - max * scaleY, col, base - prevDepth * scaleY, x, base - prevDepth * scaleY);
        col = x;
        max = prevDepth;
      }
      if (s.depth > max) max = s.depth;
      prevDepth = s.depth;
    }
    if (pts.length) pts.push(col, base - max * scaleY, col, base - prevDepth * scaleY);
  } else {
    for (let i = first; i < steps.length; i++) {
      const s = steps[i] as Row['depthSteps'][number];
      const x = Math.max(-10, Math.min(scale.width + 10, timeToPx(scale, s.at))) + gutter;
      if (!pts.length) pts.push(x, base);
      else pts.push(x, base - prevDepth * scaleY);
      pts.push(x, base - s.depth * scaleY);
      prevDepth = s.depth;
      if (s.at > t1) break;
    }
  }
  const xEnd = gutter + Math.min(scale.width + 10, timeToPx(scale, layout.end));
  pts.push(xEnd, base - prevDepth * scaleY, xEnd, base);
  p.polygon(pts, theme.queue.fill, theme.queue.line, 1);
  p.text(gutter + 4, y + 7, `max ${row.maxDepth}`, { colour: theme.muted, size: 9, baseline: 'middle' });
}
