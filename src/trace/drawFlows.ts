// Draws the item flows: an arrow from each put to its take (producer colour), dashed to a cross for items never taken.
import type { ChartView } from './draw';
import { rowAnchorY } from './geometry';
import type { Layout } from './model';
import type { Painter } from './painter';
import { processColour, type ChartTheme } from './theme';
import { maxTime } from './time';
import { scaleEnd, timeToPx } from './timeScale';

/** A cross (items never taken). */
export function cross(p: Painter, x: number, y: number, r: number, colour: string): void {
  p.line(x - r, y - r, x + r, y + r, colour, 2);
  p.line(x - r, y + r, x + r, y - r, colour, 2);
}

/**
 * Past this many flows on screen each is drawn as its curve alone, without its start dot and head: they
 * overlap by then anyway, and three draw calls per item made the live chart of a 100k-item queue take the
 * page's whole main thread (and so the CPU its processes needed).
 */
export const DENSE_FLOWS = 2000;

/** The narrowest stretch of put time one band covers, px. */
export const BAND_PX = 4;

type Flow = Layout['flows'][number];

/** Every flow with an end on screen. `rowsBottom` is the scrolled y of the last visible row pixel. */
export function drawFlows(p: Painter, layout: Layout, view: ChartView, theme: ChartTheme, rowsBottom: number): void {
  const { scale, gutter, top, geometry } = view;
  const yOf = (key: string) => {
    const y = rowAnchorY(geometry, layout.rows, key);
    return y === null ? null : top + y - view.scrollY;
  };
  const rowsTop = view.scrollY;
  const visible = (y: number) => y >= top - 40 && y <= top + (rowsBottom - rowsTop) + 40;
  /** The flow's ends on screen, or null when it is not drawn. */
  const place = (f: Flow): [number, number, number, number] | null => {
    const x1 = gutter + timeToPx(scale, f.from.at);
    const end = f.to ? f.to.at : f.lost ? layout.end : null;
    if (end === null) return null;
    const x2 = gutter + timeToPx(scale, maxTime(end, f.from.at));
    if ((x1 < gutter && x2 < gutter) || (x1 > gutter + scale.width && x2 > gutter + scale.width)) return null;
    const y1 = yOf(f.from.row);
    const y2 = f.to ? yOf(f.to.row) : yOf(`q:${f.obj}`);
    if (y1 === null || y2 === null || (!visible(y1) && !visible(y2))) return null;
    return [x1, y1, x2, y2];
  };
  // Live or not: a finished run of 100k items drawn arrow by arrow took 1.6 s a frame (every pan and zoom).
  if (layout.bands && layout.bands.total > DENSE_FLOWS) {
    if (drawBands(p, layout, view, theme, yOf, visible, place)) return;
  }
  let onScreen = 0;
  for (const f of layout.flows) if (place(f) && ++onScreen > DENSE_FLOWS) break;
  const dense = onScreen > DENSE_FLOWS;
  const lost: [number, number, number, number][] = [];
  if (dense) p.setAlpha(0.85);
  for (const f of layout.flows) {
    const at = place(f);
    if (!at) continue;
    const [x1, y1, x2, y2] = at;
    if (f.lost) {
      if (dense)
        lost.push(at); // drawn after the batch, at their own alpha
      else drawLost(p, at, theme);
      continue;
    }
    const colour = f.kind === 'release' ? theme.release : processColour(theme, f.colour);
    const dash = f.kind === 'release' ? [3, 2] : undefined;
    if (!dense) arrow(p, x1, y1, x2, y2, colour, dash);
    else {
      const dx = Math.max(8, Math.abs(x2 - x1) * 0.5);
      p.curve(x1, y1, x1 + dx, y1, x2 - dx, y2, x2, y2, colour, 1.25, dash);
    }
  }
  if (dense) p.restore();
  for (const at of lost) drawLost(p, at, theme);
}

/**
 * When more than DENSE_FLOWS taken items are on screen: one ribbon per pair of rows and
 * BAND_PX of put time instead of one curve per item, so that a frame costs the same at 1k items as at 1M,
 * then the flows not summed (releases, items never taken) one by one. False (nothing drawn) when some but few
 * are on screen (drawn one by one then).
 */
function drawBands(
  p: Painter,
  layout: Layout,
  view: ChartView,
  theme: ChartTheme,
  yOf: (key: string) => number | null,
  visible: (y: number) => boolean,
  place: (f: Flow) => [number, number, number, number] | null,
): boolean {
  const { scale, gutter } = view;
  const bands = layout.bands!.bands(BAND_PX * scale.msPerPx, scale.start, scaleEnd(scale));
  const placed: [number, number, number, number, number, number, string][] = [];
  let onScreen = 0;
  for (const b of bands) {
    const y1 = yOf(b.from);
    const y2 = yOf(b.to);
    if (y1 === null || y2 === null || (!visible(y1) && !visible(y2))) continue;
    const x = (t: number) => gutter + timeToPx(scale, t as Layout['end']);
    placed.push([x(b.put0), x(b.put1), y1, x(b.take0), x(b.take1), y2, processColour(theme, b.colour)]);
    onScreen += b.count;
  }
  // None on screen: no taken item is either (the bands hold every one), so only the others are left to draw,
  // without going through every flow (which a live flood has not even made: see TimelineBuilder.addBatch).
  if (onScreen > 0 && onScreen <= DENSE_FLOWS) return false;
  p.setAlpha(0.85);
  for (const [a0, a1, y1, b0, b1, y2, colour] of placed) p.ribbon(a0, a1, y1, b0, b1, y2, colour, 1.25);
  p.restore();
  for (const f of layout.bands!.others) {
    const at = place(f);
    if (!at) continue;
    if (f.lost) drawLost(p, at, theme);
    else arrow(p, ...at, theme.release, [3, 2]);
  }
  return true;
}

/** An item never taken: a dashed curve from its put to a cross on its queue's track at the end of the run. */
function drawLost(p: Painter, [x1, y1, x2, y2]: readonly [number, number, number, number], theme: ChartTheme): void {
  p.setAlpha(0.9);
  p.curve(x1, y1, x1 + (x2 - x1) * 0.3, y1, x2 - (x2 - x1) * 0.3, y2, x2 - 6, y2, theme.lost, 1.25, [4, 3]);
  p.restore();
  cross(p, x2 - 6, y2, 4, theme.lost);
}

/** A flow arrow: a gentle S-curve from the put to the take, with a head at the taker. */
export function arrow(p: Painter, x1: number, y1: number, x2: number, y2: number, colour: string, dash?: number[]) {
  const dx = Math.max(8, Math.abs(x2 - x1) * 0.5);
  p.setAlpha(0.85);
  p.curve(x1, y1, x1 + dx, y1, x2 - dx, y2, x2, y2, colour, 1.25, dash);
  p.restore();
  p.circle(x1, y1, 2, colour);
  // The head points along the curve's last tangent (from the second control point).
  const ang = Math.atan2(y2 - y2, x2 - (x2 - dx));
  const s = 5;
  p.polygon(
    [
      x2,
      y2,
      x2 - s * Math.cos(ang - 0.45),
      y2 - s * Math.sin(ang - 0.45),
      x2 - s * Math.cos(ang + 0.45),
      y2 - s * Math.sin(ang + 0.45),
    ],
    colour,
  );
}
