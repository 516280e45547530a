// An exported chart (PNG, SVG, `mpplay run --svg`): title, the run's numbers, the whole run fitted, and the legend.
import { drawChart, type ChartView } from './draw';
import { drawLegend, legendHeight } from './drawLegend';
import { rowGeometry } from './geometry';
import type { Layout } from './model';
import type { Painter } from './painter';
import { summarize, type Summary } from './summary';
import type { ChartTheme } from './theme';
import { formatDuration } from './time';
import { fitScale } from './timeScale';

export interface FrameOptions {
  /** Total width in px (default 1200). */
  width?: number;
  /** The heading, e.g. the program's file name. */
  title?: string;
}

const PAD = 16;
const GUTTER = 220;
const AXIS = 24;
const HEADER = 52;

/** The frame's size for a layout: everything shown, no scrolling. */
export function frameSize(p: Painter, layout: Layout, theme: ChartTheme, opts: FrameOptions = {}) {
  const width = opts.width ?? 1200;
  const rows = rowGeometry(layout.rows).total;
  const legend = legendHeight(p, theme, width - 2 * PAD);
  return { width, height: HEADER + AXIS + rows + PAD + legend + PAD };
}

/** Draws the whole frame at the origin; size the surface with `frameSize` first. */
export function drawFrame(p: Painter, layout: Layout, theme: ChartTheme, opts: FrameOptions = {}): void {
  const { width, height } = frameSize(p, layout, theme, opts);
  p.rect(0, 0, width, height, theme.background);
  p.text(PAD, 20, opts.title ?? 'mpplay timeline', {
    colour: theme.text,
    size: 15,
    weight: 'bold',
    baseline: 'middle',
  });
  p.text(PAD, 40, summaryLine(summarize(layout)), { colour: theme.muted, size: 12, baseline: 'middle' });
  const geometry = rowGeometry(layout.rows);
  const view: ChartView = {
    scale: fitScale(layout.start, layout.end, width - GUTTER, 12),
    geometry,
    gutter: GUTTER,
    top: AXIS,
    height: AXIS + geometry.total,
    scrollY: 0,
    selectedRow: null,
    now: null,
  };
  p.translate(0, HEADER);
  drawChart(p, layout, view, theme);
  p.restore();
  const legendTop = HEADER + view.height + PAD;
  p.line(PAD, legendTop - PAD / 2, width - PAD, legendTop - PAD / 2, theme.grid, 1);
  drawLegend(p, theme, PAD, legendTop, width - 2 * PAD);
}

/** The line under an export's title: wall time, busy time, parallelism, a pool's speed-up, lost items. */
export function summaryLine(s: Summary): string {
  const parts = [
    `wall ${formatDuration(s.wallMs)} (program time)`,
    `Σ busy ${formatDuration(s.busyMs)}`,
    `parallelism ${s.parallelism.toFixed(2)}×`,
  ];
  for (const pool of s.pools) {
    if (pool.tasks)
      parts.push(`${pool.name}: ${pool.tasks} tasks, speed-up ${pool.speedup.toFixed(2)}× against one worker`);
  }
  if (s.items.put)
    parts.push(`${s.items.taken}/${s.items.put} items taken${s.items.lost ? `, ${s.items.lost} never taken` : ''}`);
  return parts.join(' · ');
}
