// Test hooks for the chart (STYLE habit 10): what it drew, as data; fixed traces to draw; its exports as text.
import type { TraceFile } from '../../protocol/trace';
import { toChromeTrace, validateChromeTrace } from '../../trace/chromeTrace';
import { sayHit } from '../../trace/describe';
import { emptyText } from '../../trace/draw';
import { summarize, type Summary } from '../../trace/summary';
import { ticks, timeToPx } from '../../trace/timeScale';
import type { TimelineController } from './controller';
import { chromeMeta, pngOf, svgOf, type ExportFrame } from './exports';

/** One row as the chart drew it: its spans with their x range on the canvas (CSS px). */
export interface DrawnRow {
  key: string;
  kind: string;
  pid: number | null;
  name: string;
  depth: number;
  parent: string | null;
  exitCode: number | null;
  adopted: { from: number; by: number; at: number } | null;
  /** The group row it is drawn in (a process's many children), and whether it is folded away. */
  group: string | null;
  hidden: boolean;
  /** The row's whole label, and the text drawn of it (cut with "…" when the label column is too narrow). */
  label: string;
  shown: string;
  /** Top and height on the canvas, CSS px (before scrolling). */
  y: number;
  h: number;
  spans: { state: string; label: string; start: number; end: number; x0: number; x1: number }[];
  tasks: { job: number; fn: string; start: number; end: number; ok: boolean | null }[];
  markers: { kind: string; at: number; text: string; code?: number; from?: number }[];
  depthSteps: number;
  maxDepth: number;
}

export interface DrawnTimeline {
  live: boolean;
  end: number;
  follow: boolean;
  theme: 'light' | 'dark';
  reducedMotion: boolean;
  /** The moment marked from outside (a clicked terminal line), program ms. */
  cursor: number | null;
  /** The replay's moment, or null when the whole run is shown. */
  replayAt: number | null;
  /** The keyboard/click focus, as a screen reader hears it. */
  focus: string | null;
  scale: { start: number; msPerPx: number; width: number };
  gutter: number;
  scrollY: number;
  /** How far the rows can scroll, and the height they have on screen, px. */
  maxScroll: number;
  rowsHeight: number;
  /** The time axis's labels as drawn (none on an empty chart). */
  ticks: string[];
  /** What an empty chart says, or null when it draws rows. */
  empty: string | null;
  selectedRow: string | null;
  rows: DrawnRow[];
  flows: { kind: string; obj: string; item: number; summary: string; from: string; to: string | null; lost: boolean }[];
  summary: Summary;
}

interface TimelineHooks {
  /** What the chart shows now. */
  timeline(): DrawnTimeline;
  /** Draws a fixed trace instead of the page's run (null: back to the run). Resolves once it is drawn. */
  timelineLoad(file: TraceFile | null): Promise<void>;
  timelineSvg(): string;
  timelineChrome(): { json: string; problems: string[] };
  timelinePng(): Promise<{ bytes: number; type: string }>;
  /** The time each drawn frame took (pull + draw, ms) since the last call with `reset`. */
  timelineFrames(reset?: boolean): number[];
  /** Unfolds every row (the benchmark draws all 1,000 rows). */
  timelineUnfoldAll(): void;
}

/** Adds the hooks to `globalThis.__mpplay` (made by main.tsx); returns the function that removes them. */
export function installTimelineHooks(
  c: TimelineController,
  page: { show(file: TraceFile | null): void; frame(): ExportFrame },
): () => void {
  const g = globalThis as unknown as { __mpplay?: Partial<TimelineHooks> };
  const hooks: TimelineHooks = {
    timeline: () => snapshot(c, page),
    timelineLoad: (file) => {
      page.show(file);
      c.invalidate();
      return new Promise((resolve) => {
        const off = c.onChange(() => {
          off();
          resolve();
        });
      });
    },
    timelineSvg: () => svgOf(c.layout, page.frame()),
    timelineChrome: () => {
      const trace = toChromeTrace(c.layout, chromeMeta(c.layout, page.frame()));
      return { json: JSON.stringify(trace), problems: validateChromeTrace(trace) };
    },
    timelineFrames: (reset) => {
      const out = [...c.frameTimes];
      if (reset) c.frameTimes.length = 0;
      return out;
    },
    timelineUnfoldAll: () => {
      for (const r of c.layout.rows) c.collapse.set(r.key, false);
      c.toggleCollapse(''); // no such row: just lays the rows out again
    },
    timelinePng: async () => {
      const blob = await pngOf(c.layout, page.frame());
      return { bytes: blob.size, type: blob.type };
    },
  };
  g.__mpplay = Object.assign(g.__mpplay ?? {}, hooks);
  return () => {
    const h = g.__mpplay;
    if (h) for (const k of Object.keys(hooks)) delete h[k as keyof TimelineHooks];
  };
}

function snapshot(c: TimelineController, page: { frame(): ExportFrame }): DrawnTimeline {
  const view = c.view();
  const l = c.layout;
  const x = (t: number) => Math.round((view.gutter + timeToPx(view.scale, t as never)) * 10) / 10;
  const labels = c.labels();
  return {
    live: l.live,
    end: l.end,
    follow: c.follow,
    theme: c.themeName,
    reducedMotion: c.reducedMotion,
    cursor: c.cursor,
    replayAt: c.replayAt,
    focus: c.focus ? sayHit(c.focus, l, c.words) : null,
    scale: { start: view.scale.start, msPerPx: view.scale.msPerPx, width: view.scale.width },
    gutter: view.gutter,
    scrollY: view.scrollY,
    maxScroll: c.maxScroll,
    rowsHeight: c.rowsHeight,
    ticks: l.rows.length ? ticks(view.scale).map((k) => k.label) : [],
    empty: l.rows.length ? null : emptyText(l, view),
    selectedRow: c.selectedRow,
    rows: l.rows.map((r, i) => ({
      key: r.key,
      kind: r.kind,
      pid: r.pid,
      name: r.name,
      depth: r.depth,
      parent: r.parent,
      exitCode: r.exitCode,
      adopted: r.adopted,
      group: r.group,
      hidden: (view.geometry.h[i] ?? 0) === 0,
      label: labels[i]?.whole ?? '',
      shown: labels[i]?.shown ?? '',
      y: view.geometry.y[i] ?? 0,
      h: view.geometry.h[i] ?? 0,
      spans: r.spans.map((s) => ({
        state: s.state,
        label: s.label,
        start: s.start,
        end: s.end,
        x0: x(s.start),
        x1: x(s.end),
      })),
      tasks: r.tasks.map((t) => ({ job: t.job, fn: t.fn, start: t.start, end: t.end, ok: t.ok })),
      markers: r.markers.map((m) => ({
        kind: m.kind,
        at: m.at,
        text: m.text,
        ...(m.from !== undefined ? { from: m.from } : {}),
        ...(m.code !== undefined ? { code: m.code } : {}),
      })),
      depthSteps: r.depthSteps.length,
      maxDepth: r.maxDepth,
    })),
    flows: l.flows.map((f) => ({
      kind: f.kind,
      obj: f.obj,
      item: f.item,
      summary: f.summary,
      from: f.from.row,
      to: f.to?.row ?? null,
      lost: f.lost,
    })),
    summary: summarize(l, page.frame().realMs ?? null),
  };
}
