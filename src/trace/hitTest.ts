// What is under the pointer (or under the keyboard focus): a span, a Pool task, a marker, a flow, a queue's depth, a row.
import type { ChartView } from './draw';
import { ROW, rowAnchorY, rowAt } from './geometry';
import type { Flow, Layout, Marker, Row, Span, TaskSpan } from './model';
import { time, type Time } from './time';
import { pxToTime, timeToPx } from './timeScale';

/** A thing on the chart. Row-bound hits carry their row. */
export type Hit =
  | { kind: 'span'; row: Row; span: Span }
  | { kind: 'task'; row: Row; task: TaskSpan }
  | { kind: 'marker'; row: Row; marker: Marker }
  | { kind: 'flow'; flow: Flow }
  | { kind: 'depth'; row: Row; at: Time; depth: number }
  | { kind: 'row'; row: Row; at: Time | null };

/** Pointer slack around thin things (markers, flow lines), px. */
const SLOP = 4;

/** The thing at (x, y) in chart coordinates (CSS px from the chart's top-left), or null. */
export function hitTest(layout: Layout, view: ChartView, x: number, y: number): Hit | null {
  if (y < view.top || y > view.height) return null;
  const ry = y - view.top + view.scrollY;
  const i = rowAt(view.geometry, ry);
  const row = i < 0 ? undefined : layout.rows[i];
  if (x < view.gutter) return row ? { kind: 'row', row, at: null } : null;
  const px = x - view.gutter;
  const at = pxToTime(view.scale, px);
  const flow = flowAt(layout, view, x, y);
  if (!row) return flow ? { kind: 'flow', flow } : null;
  const top = view.geometry.y[i] as number;
  const local = ry - top;
  const marker = markerAt(row, view, px, local);
  if (marker) return { kind: 'marker', row, marker };
  if (flow) return { kind: 'flow', flow };
  if (row.kind === 'queue') {
    const step = lastAtOrBefore(row.depthSteps, at);
    return { kind: 'depth', row, at, depth: step ? step.depth : 0 };
  }
  if (row.kind === 'process') {
    if (row.tasks.length && local >= ROW.taskTop && local <= ROW.taskTop + ROW.taskHeight) {
      const task = covering(row.tasks, at, view.scale.msPerPx);
      if (task) return { kind: 'task', row, task };
    }
    if (local >= ROW.barTop - 2 && local <= ROW.barTop + ROW.barHeight + 2) {
      const span = covering(row.spans, at, view.scale.msPerPx);
      if (span) return { kind: 'span', row, span };
    }
  }
  return { kind: 'row', row, at };
}

/** The interval containing `at`, or one within a pixel of it (tiny spans stay hoverable). */
function covering<T extends { start: Time; end: Time }>(list: readonly T[], at: Time, msPerPx: number): T | null {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as T).end < at - msPerPx) lo = mid + 1;
    else hi = mid;
  }
  let best: T | null = null;
  for (let k = lo; k < list.length; k++) {
    const s = list[k] as T;
    if (s.start > at + msPerPx) break;
    if (s.start <= at && at <= s.end) return s;
    best ??= s;
  }
  return best;
}

function lastAtOrBefore<T extends { at: Time }>(list: readonly T[], at: Time): T | null {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as T).at <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? (list[lo - 1] as T) : null;
}

function markerAt(row: Row, view: ChartView, px: number, local: number): Marker | null {
  if (row.kind === 'process' && (local < ROW.barTop - 8 || local > ROW.barTop + ROW.barHeight + 5)) return null;
  const slack = SLOP * view.scale.msPerPx;
  const at = pxToTime(view.scale, px);
  let best: Marker | null = null;
  let bestD = Infinity;
  // Markers are in time order; look only near `at`.
  let lo = 0;
  let hi = row.markers.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((row.markers[mid] as Marker).at < at - slack) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < row.markers.length; k++) {
    const m = row.markers[k] as Marker;
    if (m.at > at + slack) break;
    const d = Math.abs(timeToPx(view.scale, m.at) - px);
    // Exits and signals win over the print ticks next to them.
    const weight = m.kind === 'output' ? d + 1 : d;
    if (weight < bestD) {
      best = m;
      bestD = weight;
    }
  }
  return best;
}

/** The flow whose line passes within a few px of (x, y). */
function flowAt(layout: Layout, view: ChartView, x: number, y: number): Flow | null {
  const { scale, gutter, top, geometry } = view;
  let best: Flow | null = null;
  let bestD = SLOP;
  for (const f of layout.flows) {
    const end = f.to ? f.to.at : f.lost ? layout.end : null;
    if (end === null) continue;
    const x1 = gutter + timeToPx(scale, f.from.at);
    const x2 = gutter + timeToPx(scale, time(Math.max(end, f.from.at)));
    const dx = Math.max(8, Math.abs(x2 - x1) * 0.5);
    if (x < Math.min(x1, x2) - dx - SLOP || x > Math.max(x1, x2) + dx + SLOP) continue;
    const a = rowAnchorY(geometry, layout.rows, f.from.row);
    const b = rowAnchorY(geometry, layout.rows, f.to ? f.to.row : `q:${f.obj}`);
    if (a === null || b === null) continue;
    const y1 = top + a - view.scrollY;
    const y2 = top + b - view.scrollY;
    if (y < Math.min(y1, y2) - SLOP || y > Math.max(y1, y2) + SLOP) continue;
    // Sample the same curve the chart draws.
    let px = x1;
    let py = y1;
    for (let k = 1; k <= 16; k++) {
      const t = k / 16;
      const u = 1 - t;
      const qx = u * u * u * x1 + 3 * u * u * t * (x1 + dx) + 3 * u * t * t * (x2 - dx) + t * t * t * x2;
      const qy = u * u * u * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y2;
      const d = segmentDistance(x, y, px, py, qx, qy);
      if (d < bestD) {
        best = f;
        bestD = d;
      }
      px = qx;
      py = qy;
    }
  }
  return best;
}

function segmentDistance(x: number, y: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len)) : 0;
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

/**
 * Everything on a row the keyboard can step through, in time order: its spans, tasks, markers and the flows
 * that start or end on it (STYLE: every span and arrow reachable from the keyboard).
 */
export function rowItems(layout: Layout, row: Row): Hit[] {
  const items: { at: number; hit: Hit }[] = [];
  for (const span of row.spans) items.push({ at: span.start, hit: { kind: 'span', row, span } });
  for (const task of row.tasks) items.push({ at: task.start, hit: { kind: 'task', row, task } });
  for (const marker of row.markers) items.push({ at: marker.at, hit: { kind: 'marker', row, marker } });
  for (const flow of layout.flows) {
    if (flow.from.row === row.key) items.push({ at: flow.from.at, hit: { kind: 'flow', flow } });
    else if (flow.to?.row === row.key) items.push({ at: flow.to.at, hit: { kind: 'flow', flow } });
    else if (row.kind === 'queue' && flow.obj === row.name && flow.lost)
      items.push({ at: layout.end, hit: { kind: 'flow', flow } });
  }
  return items.sort((a, b) => a.at - b.at).map((i) => i.hit);
}

/** The time range a hit covers, for scrolling it into view. */
export function hitRange(hit: Hit, layout: Layout): [Time, Time] | null {
  switch (hit.kind) {
    case 'span':
      return [hit.span.start, hit.span.end];
    case 'task':
      return [hit.task.start, hit.task.end];
    case 'marker':
      return [hit.marker.at, hit.marker.at];
    case 'flow':
      return [hit.flow.from.at, hit.flow.to?.at ?? layout.end];
    case 'depth':
      return [hit.at, hit.at];
    case 'row':
      return hit.at === null ? null : [hit.at, hit.at];
  }
}
