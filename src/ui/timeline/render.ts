// render(ctx, layout, view, theme): the static chart on one canvas, and the hover/focus overlay on another.
import { drawChart, type ChartView } from '../../trace/draw';
import { arrow } from '../../trace/drawFlows';
import { ROW, rowAnchorY } from '../../trace/geometry';
import type { Hit } from '../../trace/hitTest';
import type { Layout } from '../../trace/model';
import type { ChartTheme } from '../../trace/theme';
import { formatTime, type Time } from '../../trace/time';
import { pxToTime, timeToPx } from '../../trace/timeScale';
import { CanvasPainter } from './canvasPainter';

type Ctx = CanvasRenderingContext2D;

/** Draws the whole chart (axis, labels, rows, spans, markers, flows) in CSS pixels on a canvas of `dpr` density. */
export function render(ctx: Ctx, layout: Layout, view: ChartView, theme: ChartTheme, dpr = 1): void {
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  drawChart(new CanvasPainter(ctx, theme, dpr), layout, view, theme);
}

/** What the overlay shows besides the chart. */
export interface OverlayState {
  hover: Hit | null;
  focus: Hit | null;
  /** A moment marked from outside (a clicked terminal line). */
  cursor: Time | null;
  /** Where the pointer is, for the crosshair; null when it is away. */
  pointerX?: number | null;
}

/** Clears the overlay and outlines the hovered and the focused thing, with a crosshair at the pointer. */
export function renderOverlay(
  ctx: Ctx,
  layout: Layout,
  view: ChartView,
  theme: ChartTheme,
  dpr: number,
  state: OverlayState,
): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  if (!layout.rows.length) return; // an empty chart: no crosshair, no moment to point at
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const p = new CanvasPainter(ctx, theme, dpr);
  const { gutter, top, height, scale } = view;
  p.clip(gutter, 0, scale.width, height);
  if (state.cursor !== null) {
    const x = gutter + timeToPx(scale, state.cursor);
    p.line(x, top, x, height, theme.text, 1, [4, 3]);
    label(p, x, top, formatTime(state.cursor), theme);
  }
  const px = state.pointerX;
  if (px !== null && px !== undefined && px >= gutter) {
    p.line(px, top, px, height, theme.muted, 1, [2, 3]);
    label(p, px, top, formatTime(pxToTime(scale, px - gutter)), theme);
  }
  p.restore();
  if (state.hover) outline(p, layout, view, theme, state.hover, 1.5);
  if (state.focus) outline(p, layout, view, theme, state.focus, 2.5);
}

function label(p: CanvasPainter, x: number, top: number, text: string, theme: ChartTheme): void {
  const w = p.measure(text, 10) + 8;
  p.rect(x - w / 2, top - 18, w, 15, theme.text);
  p.text(x, top - 10, text, { colour: theme.background, size: 10, align: 'center', baseline: 'middle' });
}

function rowTop(view: ChartView, layout: Layout, key: string): number | null {
  const i = view.geometry.index.get(key);
  if (i === undefined) return null;
  return view.top + (view.geometry.y[i] as number) - view.scrollY;
}

function outline(p: CanvasPainter, layout: Layout, view: ChartView, theme: ChartTheme, hit: Hit, width: number): void {
  const { gutter, scale } = view;
  const x = (t: number) => gutter + timeToPx(scale, t as Time);
  p.clip(0, view.top, gutter + scale.width, view.height - view.top);
  switch (hit.kind) {
    case 'span':
    case 'task': {
      const y = rowTop(view, layout, hit.row.key);
      if (y === null) break;
      const iv = hit.kind === 'span' ? hit.span : hit.task;
      const top = hit.kind === 'span' ? ROW.barTop : ROW.taskTop;
      const h = hit.kind === 'span' ? ROW.barHeight : ROW.taskHeight;
      const x0 = Math.max(gutter - 2, x(iv.start));
      const x1 = Math.min(gutter + scale.width + 2, x(iv.end));
      p.strokeRect(x0 - 1, y + top - 1, Math.max(2, x1 - x0) + 2, h + 2, theme.text, width);
      break;
    }
    case 'marker': {
      const y = rowTop(view, layout, hit.row.key);
      if (y === null) break;
      const cy = hit.row.kind === 'queue' ? y + ROW.queue / 2 : y + ROW.barTop + ROW.barHeight / 2;
      p.circle(x(hit.marker.at), cy, 8, null, theme.text);
      break;
    }
    case 'flow': {
      const f = hit.flow;
      const a = rowAnchorY(view.geometry, layout.rows, f.from.row);
      const b = rowAnchorY(view.geometry, layout.rows, f.to ? f.to.row : `q:${f.obj}`);
      if (a === null || b === null) break;
      const end = f.to ? f.to.at : layout.end;
      const y1 = view.top + a - view.scrollY;
      const y2 = view.top + b - view.scrollY;
      arrow(p, x(f.from.at), y1, x(Math.max(end, f.from.at)), y2, theme.text);
      break;
    }
    case 'depth': {
      const y = rowTop(view, layout, hit.row.key);
      if (y === null) break;
      p.line(x(hit.at), y, x(hit.at), y + ROW.queue, theme.text, width);
      break;
    }
    case 'row': {
      const y = rowTop(view, layout, hit.row.key);
      const i = view.geometry.index.get(hit.row.key);
      if (y === null || i === undefined) break;
      p.strokeRect(1, y + 0.5, gutter + scale.width - 2, (view.geometry.h[i] as number) - 1, theme.muted, width);
      break;
    }
  }
  p.restore();
}
