// The chart's engine outside React: where the events come from, the layout, and one rAF loop that draws (the view: viewport.ts).
import type { TraceEvent } from '../../protocol/trace';
import { rowGeometry } from '../../trace/geometry';
import type { Hit } from '../../trace/hitTest';
import { childCounts, fittedLabel, neededGutter, rowLabel } from '../../trace/labels';
import { TimelineBuilder } from '../../trace/layout';
import type { Layout } from '../../trace/model';
import { chartTheme, type ChartTheme } from '../../trace/theme';
import type { Time } from '../../trace/time';
import { withWidth } from '../../trace/timeScale';
import { CanvasPainter } from './canvasPainter';
import { render, renderOverlay } from './render';
import { ReplayFeed } from './replayFeed';
import { lastAt, type EventSource, type ReplayPort } from './source';
import { ChartViewport } from './viewport';

export { fileSource, type EventSource, type ReplayPort, type ReplayState } from './source';

/**
 * Owns the two canvases (static chart, hover overlay) and redraws them from one requestAnimationFrame loop
 * when something changed. React only mounts it and shows what it reports (summary, tooltip, table).
 */
export class TimelineController extends ChartViewport {
  layout: Layout;
  hover: Hit | null = null;
  focus: Hit | null = null;
  /** The moment marked from outside (a terminal line), or null. */
  cursor: Time | null = null;
  /** The pointer's x over the chart (for the crosshair), or null. */
  pointerX: number | null = null;
  themeName: 'light' | 'dark' = 'dark';

  private builder = new TimelineBuilder();
  private readonly replayFeed = new ReplayFeed();
  private lastFrame = 0;
  /** While the run goes: the earliest time a redraw for new events alone may happen (see frame()). */
  private nextLiveDraw = 0;
  private consumed = 0;
  private runId: unknown = undefined;
  private finished = false;
  private dpr = 1;
  private raf = 0;
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
    super();
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
  override invalidate(): void {
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

  /** Each row's whole label and what the chart shows of it (cut with an ellipsis when the column is narrow). */
  labels(): { whole: string; shown: string }[] {
    const ctx = this.staticCanvas.getContext('2d');
    if (!ctx) return [];
    const p = new CanvasPainter(ctx, this.theme);
    const counts = childCounts(this.layout);
    return this.layout.rows.map((r) => {
      const n = counts.get(r.key) ?? 0;
      return { whole: rowLabel(r, n, this.chartWords), shown: fittedLabel(p, r, n, this.gutter, this.chartWords) };
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
    this.labelsNeed = neededGutter(new CanvasPainter(ctx, this.theme), this.layout, this.chartWords);
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
      this.collapse.clear();
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
    // Not live: the run is over; or there is none yet (nothing then moves on the chart).
    if (!src.live && !this.finished) {
      this.builder.finish(src.endAt ?? undefined);
      this.finished = true;
      changed = true;
    }
    const full = this.builder.layout(this.finished ? undefined : this.progNow(now, src.speed));
    this.fullEnd = full.end;
    if (this.replayAt !== null) {
      this.layout = this.replayFeed.layoutAt(src.events, this.replayAt);
      return true;
    }
    this.replayFeed.reset();
    this.layout = full;
    return changed || this.layout.live;
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
    if (changed || this.geometryDirty) {
      this.geometry = rowGeometry(this.layout.rows, this.collapse);
      this.geometryDirty = false;
      this.scrollY = this.clampScroll(this.scrollY);
      this.measureLabels();
    }
    this.followPlayhead();
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
