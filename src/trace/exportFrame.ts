// An exported chart (PNG, SVG, `mpplay run --svg`): title, the run's numbers, the whole run fitted, and the legend.
import { drawChart, type ChartView } from './draw';
import { drawLegend, legendHeight } from './drawLegend';
import type { Collapse } from './collapse';
import { rowGeometry } from './geometry';
import { neededGutter } from './labels';
import type { Layout } from './model';
import type { ChartLang } from './numbers';
import { wrapText, type Painter } from './painter';
import { summarize, type Summary } from './summary';
import { summaryLine, summaryMeanings } from './summaryText';
import type { ChartTheme } from './theme';
import { fitRun } from './timeScale';
import { CHART_WORDS } from './words';

export interface FrameOptions {
  /** Total width in px (default 1200). */
  width?: number;
  /** The heading, e.g. the program's file name. */
  title?: string;
  /** The language of the words (default English). */
  lang?: ChartLang;
  /** The run's wall-clock time, when known (a finished run, a trace file's result). */
  realMs?: number | null;
  /** Rows folded or unfolded by the user (group rows are folded unless unfolded here). */
  collapse?: Collapse;
}

const PAD = 16;
const AXIS = 24;
const HEADER = 52;
const NOTE = 11;
const NOTE_LINE = 15;

/** The export's numbers (the same as the page's header and the CLI's `--summary`). */
function frameSummary(layout: Layout, opts: FrameOptions): Summary {
  return summarize(layout, opts.realMs ?? null);
}

/** What each number in the header means, wrapped to the frame's width. */
function meaningLines(p: Painter, s: Summary, opts: FrameOptions, width: number): string[] {
  return summaryMeanings(s, opts.lang).flatMap((m) => wrapText(p, m, NOTE, width));
}

/** The frame's size for a layout: everything shown, no scrolling. */
export function frameSize(p: Painter, layout: Layout, theme: ChartTheme, opts: FrameOptions = {}) {
  const width = opts.width ?? 1200;
  const rows = rowGeometry(layout.rows, opts.collapse).total;
  const legend = legendHeight(p, theme, width - 2 * PAD, CHART_WORDS[opts.lang ?? 'en']);
  const notes = meaningLines(p, frameSummary(layout, opts), opts, width - 2 * PAD).length * NOTE_LINE;
  return { width, height: HEADER + AXIS + rows + PAD + legend + PAD + notes + PAD };
}

/** Draws the whole frame at the origin; size the surface with `frameSize` first. */
export function drawFrame(p: Painter, layout: Layout, theme: ChartTheme, opts: FrameOptions = {}): void {
  const { width, height } = frameSize(p, layout, theme, opts);
  p.rect(0, 0, width, height, theme.background);
  const words = CHART_WORDS[opts.lang ?? 'en'];
  p.text(PAD, 20, opts.title ?? words.exportTitle, {
    colour: theme.text,
    size: 15,
    weight: 'bold',
    baseline: 'middle',
  });
  const summary = frameSummary(layout, opts);
  p.text(PAD, 40, summaryLine(summary, opts.lang), { colour: theme.muted, size: 12, baseline: 'middle' });
  const geometry = rowGeometry(layout.rows, opts.collapse);
  // Wide enough for every label whole, up to 40% of the width (the rest is cut, with an ellipsis).
  const gutter = Math.round(Math.min(width * 0.4, Math.max(160, neededGutter(p, layout, words))));
  const view: ChartView = {
    scale: fitRun(layout.start, layout.end, width - gutter),
    geometry,
    gutter,
    top: AXIS,
    height: AXIS + geometry.total,
    scrollY: 0,
    selectedRow: null,
    now: null,
    words,
    ...(opts.collapse ? { collapse: opts.collapse } : {}),
  };
  p.translate(0, HEADER);
  drawChart(p, layout, view, theme);
  p.restore();
  const legendTop = HEADER + view.height + PAD;
  p.line(PAD, legendTop - PAD / 2, width - PAD, legendTop - PAD / 2, theme.grid, 1);
  drawLegend(p, theme, PAD, legendTop, width - 2 * PAD, words);
  // The key to the header's numbers: each one's meaning, under the legend.
  let y = legendTop + legendHeight(p, theme, width - 2 * PAD, words) + PAD;
  for (const line of meaningLines(p, summary, opts, width - 2 * PAD)) {
    p.text(PAD, y, line, { colour: theme.muted, size: NOTE, baseline: 'middle' });
    y += NOTE_LINE;
  }
}
