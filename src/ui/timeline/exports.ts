// The chart's downloads: PNG and SVG (light theme, legend included, for slides) and Chrome Trace JSON for Perfetto.
import { toChromeTrace } from '../../trace/chromeTrace';
import { drawFrame, frameSize, type FrameOptions } from '../../trace/exportFrame';
import type { Layout } from '../../trace/model';
import { summarize } from '../../trace/summary';
import { summaryLine } from '../../trace/summaryText';
import { toSvg } from '../../trace/svg';
import { LIGHT } from '../../trace/theme';
import { CanvasPainter } from './canvasPainter';

export type ExportKind = 'png' | 'svg' | 'chrome';

/** A file name from the program's name: `join-in-loop.timeline.svg`. */
export function exportName(base: string, kind: ExportKind): string {
  const stem = base.replace(/\.[tj]s$/, '') || 'mpplay';
  return kind === 'chrome' ? `${stem}.perfetto.json` : `${stem}.timeline.${kind}`;
}

/** What an export says besides the chart: its title (the program's file name), language and the run's real time. */
export type ExportFrame = Required<Pick<FrameOptions, 'title'>> & Pick<FrameOptions, 'lang' | 'realMs'>;

/** The SVG document of the whole run. */
export function svgOf(layout: Layout, frame: ExportFrame): string {
  return toSvg(layout, { ...frame, theme: LIGHT });
}

/**
 * The Chrome Trace Event JSON of the run (open it at ui.perfetto.dev or in DevTools' Performance panel), with
 * the run's numbers in its metadata, named as everywhere else.
 */
export function chromeJsonOf(layout: Layout, frame: ExportFrame): string {
  return JSON.stringify(toChromeTrace(layout, chromeMeta(layout, frame)));
}

/** The metadata a Chrome trace export carries: the file, and the run's numbers (line and values). */
export function chromeMeta(layout: Layout, frame: ExportFrame): Record<string, string | number> {
  const s = summarize(layout, frame.realMs ?? null);
  return {
    file: frame.title,
    summary: summaryLine(s, frame.lang),
    programMs: s.programMs,
    ...(s.realMs !== null ? { realMs: s.realMs } : {}),
    runningMs: s.runningMs,
    sleepingMs: s.sleepingMs,
    parallelism: Number(s.parallelism.toFixed(4)),
  };
}

/** The whole run drawn at 2× on a canvas, as a PNG blob: the same frame as the SVG. */
export function pngOf(layout: Layout, frame: ExportFrame, scale = 2): Promise<Blob> {
  const probe = document.createElement('canvas').getContext('2d');
  if (!probe) return Promise.reject(new Error('no 2D canvas'));
  const size = frameSize(new CanvasPainter(probe, LIGHT), layout, LIGHT, frame);
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(size.width * scale);
  canvas.height = Math.ceil(size.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) return Promise.reject(new Error('no 2D canvas'));
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  drawFrame(new CanvasPainter(ctx, LIGHT, scale), layout, LIGHT, frame);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'),
  );
}

/** Offers a blob or text as a download. */
export function download(data: Blob | string, name: string, type: string): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Not sooner: the browser reads the blob only once its download has started, which a busy machine delays.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Makes and downloads one export of the layout. */
export async function exportChart(layout: Layout, frame: ExportFrame, kind: ExportKind): Promise<void> {
  const name = exportName(frame.title, kind);
  if (kind === 'svg') download(svgOf(layout, frame), name, 'image/svg+xml');
  else if (kind === 'chrome') download(chromeJsonOf(layout, frame), name, 'application/json');
  else download(await pngOf(layout, frame), name, 'image/png');
}
