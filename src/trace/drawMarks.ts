// Row contents besides state bars: markers, a queue's depth, a group's number of live processes.
import type { ChartView } from './draw';
import { markerText } from './describe';
import { cross } from './drawFlows';
import { ROW } from './geometry';
import type { Layout, Marker, Row } from './model';
import type { Painter } from './painter';
import { firstAtOrAfter } from './search';
import { processColour, type ChartTheme } from './theme';
import { time, type Time } from './time';
import { pxToTime, timeToPx } from './timeScale';

/** Past this many depth steps per pixel of plot in view, a queue's depth is drawn per pixel column (its highest depth there). */
const DEPTH_STEPS_PER_PX = 4;
const SMALL = 10;

/** A row's markers in view: start, exit (code), printed lines, signals, adoptions, lost items, deadlock. */
export function drawMarkers(p: Painter, row: Row, y: number, view: ChartView, theme: ChartTheme): void {
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
          const shown = view.geometry.shownAs[i] ?? i; // folded away: to the row it is folded into
          const oy = view.top + (view.geometry.y[shown] as number) - view.scrollY + ROW.barTop;
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
          m.from !== undefined && m.to !== undefined ? view.words.adoptedMark(m.from, m.to) : m.text,
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
        p.text(x - 8, qm, markerText(m, view.words), {
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

/** A queue's depth over time (per pixel column in a flood), and its maximum. */
export function drawDepth(
  p: Painter,
  layout: Layout,
  row: Row,
  y: number,
  h: number,
  view: ChartView,
  theme: ChartTheme,
) {
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
  p.text(gutter + 4, y + 7, view.words.maxDepth(row.maxDepth), { colour: theme.muted, size: 9, baseline: 'middle' });
}

/** How many of a group's processes were alive from each moment on (spawn to reaped, or to the end). */
export function aliveSteps(layout: Layout, group: Row): { steps: { at: Time; depth: number }[]; max: number } {
  const edges: [number, number][] = [];
  for (const r of layout.rows) {
    if (r.group !== group.key || r.spawnedAt === null) continue;
    edges.push([r.spawnedAt, 1]);
    // Alive until it exits (a zombie has ended: it only waits to be joined).
    const exit = r.markers.find((m) => m.kind === 'exit')?.at ?? r.reapedAt;
    if (exit !== null && exit !== undefined) edges.push([exit, -1]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const steps: { at: Time; depth: number }[] = [];
  let n = 0;
  let max = 0;
  for (const [at, d] of edges) {
    n += d;
    if (n > max) max = n;
    const last = steps.at(-1);
    if (last && last.at === at) last.depth = n;
    else steps.push({ at: time(at), depth: n });
  }
  return { steps, max };
}

/** A group row's plot: how many of its processes were alive over time (like a queue's depth), and the most. */
export function drawGroup(
  p: Painter,
  layout: Layout,
  row: Row,
  y: number,
  h: number,
  view: ChartView,
  theme: ChartTheme,
) {
  const { scale, gutter } = view;
  const { steps, max } = aliveSteps(layout, row);
  if (!steps.length) return;
  const base = y + h - 3;
  const k = (h - 8) / Math.max(1, max);
  const pts: number[] = [];
  let prev = 0;
  for (const s of steps) {
    const x = Math.max(-10, Math.min(scale.width + 10, timeToPx(scale, s.at))) + gutter;
    if (!pts.length) pts.push(x, base);
    else pts.push(x, base - prev * k);
    pts.push(x, base - s.depth * k);
    prev = s.depth;
  }
  const xEnd = gutter + Math.min(scale.width + 10, timeToPx(scale, layout.end));
  pts.push(xEnd, base - prev * k, xEnd, base);
  const colour = processColour(theme, row.colour);
  p.setAlpha(0.35);
  p.polygon(pts, colour, null);
  p.restore();
  p.polygon(pts, null, colour, 1);
  p.text(gutter + 4, y + 7, view.words.aliveMax(max), { colour: theme.muted, size: 9, baseline: 'middle' });
}
