// The legend of an exported chart (PNG, SVG): each state with its pattern, and the other marks.
import { paintSpan } from './draw';
import { arrow } from './drawFlows';
import { ROW } from './geometry';
import type { Span } from './model';
import type { Painter } from './painter';
import { MARK_LEGEND, STATE_LEGEND, processColour, type ChartTheme } from './theme';
import { time } from './time';
import type { ChartWords, MarkKind } from './words';

const SIZE = 11;
const SWATCH = 26;
const GAP = 18;

interface Placed {
  x: number;
  y: number;
  draw: (p: Painter, x: number, y: number) => void;
  text: string;
}

function place(p: Painter, theme: ChartTheme, width: number, w: ChartWords): { items: Placed[]; height: number } {
  const entries: { text: string; draw: Placed['draw'] }[] = [];
  for (const state of STATE_LEGEND) {
    const span: Span = { start: time(0), end: time(1), state, label: '', obj: null, op: null, open: false };
    const [name, meaning] = w.states[state];
    entries.push({
      text: `${name}: ${meaning}`,
      draw: (pp, x, y) => paintSpan(pp, span, x, y - ROW.barHeight / 2, SWATCH, theme, false),
    });
  }
  for (const m of MARK_LEGEND) entries.push({ text: w.marks[m], draw: (pp, x, y) => mark(pp, theme, m, x, y) });
  const items: Placed[] = [];
  let x = 0;
  let y = 10;
  for (const e of entries) {
    const w = SWATCH + 6 + p.measure(e.text, SIZE) + GAP;
    if (x > 0 && x + w > width) {
      x = 0;
      y += 22;
    }
    items.push({ x, y, draw: e.draw, text: e.text });
    x += w;
  }
  return { items, height: y + 14 };
}

function mark(p: Painter, theme: ChartTheme, kind: MarkKind, x: number, y: number): void {
  switch (kind) {
    case 'task':
      p.rect(x, y - ROW.taskHeight / 2, SWATCH, ROW.taskHeight, theme.task.fill);
      return;
    case 'flow':
      arrow(p, x, y + 4, x + SWATCH, y - 4, processColour(theme, 1));
      return;
    case 'lost':
      p.line(x + 8, y - 5, x + 18, y + 5, theme.lost, 2);
      p.line(x + 8, y + 5, x + 18, y - 5, theme.lost, 2);
      return;
    case 'exit':
      p.circle(x + 7, y, 4.5, theme.exitOk, theme.background);
      p.circle(x + 19, y, 4.5, theme.exitBad, theme.background);
      return;
    case 'output':
      for (const dx of [6, 13, 20]) p.line(x + dx, y - 5, x + dx, y + 5, theme.output, 1.5);
      return;
    case 'queue':
      p.polygon(
        [x, y + 6, x, y + 2, x + 9, y + 2, x + 9, y - 5, x + 18, y - 5, x + 18, y + 6],
        theme.queue.fill,
        theme.queue.line,
        1,
      );
      return;
  }
}

/** The legend's height at `width` px, to size an export before drawing it. */
export function legendHeight(p: Painter, theme: ChartTheme, width: number, w: ChartWords): number {
  return place(p, theme, width, w).height;
}

/** Draws the legend with its top-left at (x, y), wrapping at `width`, in the words given. */
export function drawLegend(p: Painter, theme: ChartTheme, x: number, y: number, width: number, w: ChartWords): void {
  for (const it of place(p, theme, width, w).items) {
    it.draw(p, x + it.x, y + it.y);
    p.text(x + it.x + SWATCH + 6, y + it.y, it.text, { colour: theme.text, size: SIZE, baseline: 'middle' });
  }
}
