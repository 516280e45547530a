// The chart's engine outside React: where the events come from, the view (scale, scroll, follow), one rAF loop.
import type { TraceEvent } from '../../protocol/trace';
import type { ChartView } from '../../trace/draw';
import { rowGeometry, type RowGeometry } from '../../trace/geometry';
import type { Hit } from '../../trace/hitTest';
import { childCounts, fittedLabel, neededGutter, rowLabel } from '../../trace/labels';
import { TimelineBuilder } from '../../trace/layout';
import type { Layout } from '../../trace/model';
import { chartTheme, type ChartTheme } from '../../trace/theme';
import { time, type Time } from '../../trace/time';
import { clampToContent, fitScale, makeScale, scaleEnd, withWidth, type TimeScale } from '../../trace/timeScale';
import { CanvasPainter } from './canvasPainter';
import { loadGutter, saveGutter } from './prefs';
import { render, renderOverlay } from './render';
import { lastAt, type EventSource, type ReplayPort } from './source';

export { fileSource, type EventSource, type ReplayPort, type ReplayState } from './source';

const AXIS = 24;
const MIN_VIEW_MS = 1000;
/** The narrowest label column, and the least room the plot keeps beside it, px. */
const GUTTER_MIN = 110;
const PLOT_MIN = 160;
/**
 * Owns the two canvases (static chart, hover overlay) and redraws them from one requestAnimationFrame loop
 * when something changed. React only mounts it and shows what it reports (summary, tooltip, table).
 */
export class TimelineController {
  layout: Layout;
  scale: TimeScale = makeScale(time(0), 5, 600);
  scrollY = 0;
  /** Keep the whole run in view as it grows (turned off by any zoom or pan, on again by End or Fit). */
  follow = true;
  hover: Hit | null = null;
  focus: Hit | null = null;
  /** The moment marked from outside (a terminal line), or null. */
  cursor: Time | null = null;
  /** A replay in progress: the moment shown, or null for the whole trace. */
  replayAt: number | null = null;
  /** The end of the whole run (also while a replay shows less of it). */
  fullEnd = 0;
  selectedRow: string | null = null;
  /** The pointer's x over the chart (for the crosshair), or null. */
  pointerX: number | null = null;
  reducedMotion = false;
  themeName: 'light' | 'dark' = 'dark';

  private chosenGutter: number | null = loadGutter();
  /** The label column's width that shows every label whole (measured when the rows change). */
  private labelsNeed = 160;
  private labelsKey = '';
  private builder = new TimelineBuilder();
  /** The replay's own builder, fed forward as the replay plays; rebuilt when it seeks backwards. */
  private replayBuilder: TimelineBuilder | null = null;
  private replayFed = 0;
  private replayShown = 0;
  private lastFrame = 0;
  /** While the run goes: the earliest time a redraw for new events alone may happen (see frame()). */
  private nextLiveDraw = 0;
  private consumed = 0;
  private runId: unknown = undefined;
  private finished = false;
  private geometry: RowGeometry = rowGeometry([]);
  private width = 600;
  private height = 200;
  private dpr = 1;
  private raf = 0;
  private dirty = true;
  private overlayDirty = true;
  private drawnVersion = -1;
  private drawnEnd = -1;
  /** Wall clock (performance.now) and program time of the newest event: "now" is extrapolated from them. */
  private lastWall = 0;
  private lastProg = 0;
  private readonly listeners = new Set<() => void>();
  /** How long the last frames took to pull and draw, ms (the benchmark and the tests read them). */
  readonly frameTimes: number[] = [];
  private disposed = false;

  constructor(
    private readonly source: () => EventSource,
    private readonly staticCanvas: HTMLCanvasElement,
    private readonly overlayCanvas: HTMLCanvasElement,
    private readonly replay: ReplayPort = { get: () => null, advance: () => {} },
  ) {
    this.layout = this.builder.layout();
  }

  /** Called after every frame that changed the layout or the view (throttle in the listener). */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Whether the run shown has ended (a replay can start). */
  get isFinished(): boolean {
    return this.finished;
  }

  get theme(): ChartTheme {
    return chartTheme(this.themeName);
  }

  get plotWidth(): number {
    return Math.max(50, this.width - this.gutter);
  }

  /** The label column's width the user chose by dragging its edge, or null: as wide as the labels need. */
  get userGutter(): number | null {
    return this.chosenGutter;
  }

  set userGutter(w: number | null) {
    this.chosenGutter = w === null ? null : Math.round(w);
    saveGutter(this.chosenGutter);
    this.scale = withWidth(this.scale, this.plotWidth);
    this.invalidate();
  }

  /**
   * The label column's width: the user's, or what the labels need (the widest whole), at most 45% of the chart;
   * always leaving the plot some room.
   */
  get gutter(): number {
    const max = Math.max(GUTTER_MIN, this.width - PLOT_MIN);
    const want = this.chosenGutter ?? Math.min(this.labelsNeed, this.width * 0.45);
    return Math.round(Math.min(max, Math.max(GUTTER_MIN, want)));
  }

  /** The view as the drawing code wants it. */
  view(): ChartView {
    return {
      scale: this.scale,
      geometry: this.geometry,
      gutter: this.gutter,
      top: AXIS,
      height: this.height,
      scrollY: this.scrollY,
      selectedRow: this.selectedRow,
      now: this.layout.live ? this.layout.end : this.replayAt !== null ? time(this.replayAt) : null,
    };
  }

  setSize(width: number, height: number, dpr: number): void {
    this.width = Math.max(100, Math.floor(width));
    this.height = Math.max(60, Math.floor(height));
    this.dpr = dpr;
    for (const c of [this.staticCanvas, this.overlayCanvas]) {
      c.width = Math.round(this.width * dpr);
      c.height = Math.round(this.height * dpr);
      c.style.width = `${this.width}px`;
      c.style.height = `${this.height}px`;
    }
    this.scale = withWidth(this.scale, this.plotWidth);
    this.invalidate();
  }

  /** Asks for a redraw of everything on the next frame. */
  invalidate(): void {
    this.dirty = true;
    this.overlayDirty = true;
    this.schedule();
  }

  /** Asks for a redraw of the hover layer only. */
  invalidateOverlay(): void {
    this.overlayDirty = true;
    this.schedule();
  }

  schedule(): void {
    if (this.raf || this.disposed) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.frame();
    });
  }

  dispose(): void {
    this.disposed = true;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.listeners.clear();
  }

  /** Sets the view; any user zoom or pan ends "follow". */
  setScale(s: TimeScale, byUser = true): void {
    if (byUser) this.follow = false;
    this.scale = clampToContent(withWidth(s, this.plotWidth), this.layout.start, this.contentEnd());
    this.invalidate();
  }

  scrollBy(dy: number): void {
    this.scrollY = this.clampScroll(this.scrollY + dy);
    this.invalidate();
  }

  /** Shows the whole run (and follows it while it grows). */
  fit(): void {
    this.follow = true;
    this.scale = this.fitted();
    this.invalidate();
  }

  /** Scrolls so that row `i` is visible. */
  revealRow(i: number): void {
    const top = this.geometry.y[i];
    const h = this.geometry.h[i];
    if (top === undefined || h === undefined) return;
    const visible = this.height - AXIS;
    if (top < this.scrollY) this.scrollY = top;
    else if (top + h > this.scrollY + visible) this.scrollY = top + h - visible;
    this.scrollY = this.clampScroll(this.scrollY);
    this.invalidate();
  }

  /** Brings [t0, t1] into view, keeping the zoom when it fits. */
  reveal(t0: number, t1: number): void {
    const s = this.scale;
    const end = scaleEnd(s);
    const span = t1 - t0;
    if (span > s.width * s.msPerPx * 0.9) this.setScale(fitScale(time(t0), time(t1), s.width, 20));
    else if (t0 < s.start || t1 > end) {
      this.setScale(makeScale(time((t0 + t1) / 2 - (s.width * s.msPerPx) / 2), s.msPerPx, s.width));
    }
  }

  private contentEnd(): Time {
    return time(Math.max(this.layout.end, this.layout.start + MIN_VIEW_MS / 10));
  }

  private clampScroll(y: number): number {
    return Math.max(0, Math.min(y, this.geometry.total - (this.height - AXIS)));
  }

  private fitted(): TimeScale {
    const l = this.layout;
    if (this.replayAt !== null) return fitScale(l.start, time(Math.max(this.fullEnd, l.start + 1)), this.plotWidth, 12);
    if (!l.live) return fitScale(l.start, time(Math.max(l.end, l.start + 1)), this.plotWidth, 12);
    const end = Math.max(l.end, MIN_VIEW_MS);
    if (this.reducedMotion) {
      // No continuous zooming: jump to a view with room to grow, and again only when the run outgrows it.
      const shownEnd = scaleEnd(this.scale);
      if (this.scale.start <= l.start && shownEnd >= l.end && shownEnd <= end * 3) return this.scale;
      return fitScale(l.start, time(end * 1.5), this.plotWidth, 12);
    }
    return fitScale(l.start, time(end * 1.04), this.plotWidth, 12);
  }

  /** Each row's whole label and what the chart shows of it (cut with an ellipsis when the column is narrow). */
  labels(): { whole: string; shown: string }[] {
    const ctx = this.staticCanvas.getContext('2d');
    if (!ctx) return [];
    const p = new CanvasPainter(ctx, this.theme);
    const counts = childCounts(this.layout);
    return this.layout.rows.map((r) => {
      const n = counts.get(r.key) ?? 0;
      return { whole: rowLabel(r, n), shown: fittedLabel(p, r, n, this.gutter) };
    });
  }

  /** Measures the labels again when the rows (or their names) changed: the label column fits the widest. */
  private measureLabels(): void {
    const rows = this.layout.rows;
    let chars = 0;
    for (const r of rows) chars += r.name.length + r.depth;
    const key = `${rows.length}:${chars}`;
    if (key === this.labelsKey) return;
    this.labelsKey = key;
    const ctx = this.staticCanvas.getContext('2d');
    if (!ctx) return;
    const before = this.gutter;
    this.labelsNeed = neededGutter(new CanvasPainter(ctx, this.theme), this.layout);
    if (this.gutter !== before) {
      this.scale = withWidth(this.scale, this.plotWidth);
      this.dirty = true;
    }
  }

  /** Brings the layout up to date with the source; true when it changed. */
  private pull(now: number): boolean {
    const src = this.source();
    // Batches when the source has them (the page's run), else events: `consumed` counts what it counts.
    const feed = src.batches;
    const count = feed ? feed.length : src.events.length;
    if (src.runId !== this.runId || count < this.consumed) {
      this.runId = src.runId;
      this.builder = new TimelineBuilder();
      this.consumed = 0;
      this.finished = false;
      this.follow = true;
      this.scrollY = 0;
      this.hover = null;
      this.focus = null;
      this.cursor = null;
      this.replayAt = null;
      this.lastWall = now;
      this.lastProg = 0;
    }
    let changed = false;
    if (count > this.consumed) {
      if (feed) {
        for (let b = this.consumed; b < count; b++) {
          const batch = feed[b]!;
          this.builder.addBatch(batch.others, batch.items, batch.positions);
          this.lastProg = Math.max(this.lastProg, lastAt(batch));
        }
      } else {
        this.builder.add(src.events, this.consumed);
        this.lastProg = Math.max(this.lastProg, (src.events[src.events.length - 1] as TraceEvent).at);
      }
      this.consumed = count;
      this.lastWall = now;
      changed = true;
    }
    if (!src.live && !this.finished && (this.consumed > 0 || src.endAt !== null)) {
      this.builder.finish(src.endAt ?? undefined);
      this.finished = true;
      changed = true;
    }
    const full = this.builder.layout(this.finished ? undefined : this.progNow(now, src.speed));
    this.fullEnd = full.end;
    if (this.replayAt !== null) {
      this.layout = this.replayLayout(src.events, this.replayAt);
      return true;
    }
    this.replayBuilder = null;
    this.layout = full;
    return changed || this.layout.live;
  }

  /** The layout as it stood at `at`: events fed forward while the replay plays, from scratch after a seek back. */
  private replayLayout(events: readonly TraceEvent[], at: number): Layout {
    if (!this.replayBuilder || at < this.replayShown) {
      this.replayBuilder = new TimelineBuilder();
      this.replayFed = 0;
    }
    let k = this.replayFed;
    while (k < events.length && (events[k] as TraceEvent).at <= at) k++;
    if (k > this.replayFed) this.replayBuilder.add(events.slice(this.replayFed, k));
    this.replayFed = k;
    this.replayShown = at;
    return this.replayBuilder.layout(at);
  }

  /** Moves a playing replay on by the wall time since the last frame, at its rate; ends it at the end of the run. */
  private stepReplay(now: number): void {
    const r = this.finished ? this.replay.get() : null;
    if (!r) {
      this.replayAt = null;
      return;
    }
    let at = r.at;
    if (r.playing) {
      at = Math.min(this.fullEnd, at + Math.max(0, Math.min(100, now - this.lastFrame)) * r.rate);
      this.replay.advance(at, at >= this.fullEnd);
    }
    if (at !== this.replayAt) this.dirty = true;
    this.replayAt = at;
  }

  /** Program time now: the last event's, moved on at 1× while anyone runs and at the run's speed while all wait. */
  private progNow(now: number, speed: number): number {
    const busy = this.layout.rows.some((r) => {
      const s = r.spans.at(-1);
      return s?.open && (s.state === 'running' || s.state === 'starting');
    });
    return this.lastProg + Math.max(0, now - this.lastWall) * (busy ? 1 : speed);
  }

  private frame(): void {
    const now = performance.now();
    const asked = this.dirty; // a redraw asked for from outside (a move of the view, a replay step)
    if (!asked && !this.overlayDirty && this.layout.live && this.source().live && now < this.nextLiveDraw) {
      // A live run's new events wait for the next live draw: taking them in (pull) costs like drawing them.
      this.schedule();
      return;
    }
    this.stepReplay(now);
    this.lastFrame = now;
    const changed = this.pull(now);
    if (changed) {
      this.geometry = rowGeometry(this.layout.rows);
      this.scrollY = this.clampScroll(this.scrollY);
      this.measureLabels();
    }
    if (this.follow) {
      const s = this.fitted();
      if (s.start !== this.scale.start || s.msPerPx !== this.scale.msPerPx || s.width !== this.scale.width) {
        this.scale = s;
        this.dirty = true;
      }
    }
    if (changed && (this.layout.version !== this.drawnVersion || this.layout.end !== this.drawnEnd)) this.dirty = true;
    const view = this.view();
    // While the run goes, a redraw for new events alone waits until the page has had nine times the last
    // frame's time to itself (a tenth of its main thread at most): a chart of 100k arrows must not take the
    // CPU the run's processes need, on two cores.
    const deferred = this.dirty && !asked && this.layout.live && now < this.nextLiveDraw;
    const drew = (this.dirty && !deferred) || this.overlayDirty;
    if (this.dirty && !deferred) {
      const ctx = this.staticCanvas.getContext('2d');
      if (ctx) render(ctx, this.layout, view, this.theme, this.dpr);
      const took = performance.now() - now;
      this.nextLiveDraw = now + 10 * took;
      this.drawnVersion = this.layout.version;
      this.drawnEnd = this.layout.end;
      this.dirty = false;
      this.overlayDirty = true;
      for (const fn of this.listeners) fn();
    }
    if (this.overlayDirty) {
      const ctx = this.overlayCanvas.getContext('2d');
      if (ctx) renderOverlay(ctx, this.layout, view, this.theme, this.dpr, this);
      this.overlayDirty = false;
    }
    if (drew) {
      this.frameTimes.push(performance.now() - now);
      if (this.frameTimes.length > 1000) this.frameTimes.splice(0, 500);
    }
    // While the run goes (or a replay plays), keep drawing: "now" moves even without events.
    if (this.layout.live || this.source().live || this.replay.get()?.playing) this.schedule();
  }
}
