// The chart's view: the time scale, the rows' scroll and folding, the label column, and how the user moves them.
import type { ChartView } from '../../trace/draw';
import { isCollapsed } from '../../trace/collapse';
import { rowGeometry, type RowGeometry } from '../../trace/geometry';
import type { Layout } from '../../trace/model';
import { time, type Time } from '../../trace/time';
import {
  clampToContent,
  fitRun,
  fitScale,
  makeScale,
  scaleEnd,
  timeToPx,
  withWidth,
  type TimeScale,
} from '../../trace/timeScale';
import { CHART_WORDS, type ChartWords } from '../../trace/words';
import { loadGutter, saveGutter } from './prefs';

export const AXIS = 24;
export const MIN_VIEW_MS = 1000;
/** The strip on the right the rows' scrollbar sits in, px. */
const SCROLLBAR = 10;
/** The narrowest label column, and the least room the plot keeps beside it, px. */
const GUTTER_MIN = 110;
const PLOT_MIN = 160;

/**
 * What the chart shows of the run and how to move it (Perfetto's and DevTools' ways): zoom and pan within the
 * run, scroll and fold the rows, widen the labels. The controller (controller.ts) adds the data and the drawing.
 */
export abstract class ChartViewport {
  abstract layout: Layout;
  scale: TimeScale = makeScale(time(0), 5, 600);
  scrollY = 0;
  /** Keep the whole run in view as it grows (turned off by any zoom or pan, on again by Fit). */
  follow = true;
  /** A replay in progress: the moment shown, or null for the whole trace. */
  replayAt: number | null = null;
  /** The end of the whole run (also while a replay shows less of it). */
  fullEnd = 0;
  selectedRow: string | null = null;
  reducedMotion = false;
  /** The rows the user folded or unfolded (group rows start folded): row key → folded. */
  readonly collapse = new Map<string, boolean>();

  protected chosenGutter: number | null = loadGutter();
  /** The label column's width that shows every label whole (measured when the rows change). */
  protected labelsNeed = 160;
  protected labelsKey = '';
  protected chartWords: ChartWords = CHART_WORDS.en;
  /** The row geometry must be made again (the rows or what is folded changed). */
  protected geometryDirty = true;
  protected geometry: RowGeometry = rowGeometry([]);
  protected width = 600;
  protected height = 200;
  /** The chart must be drawn again. */
  protected dirty = true;

  /** Asks for a redraw of everything on the next frame. */
  abstract invalidate(): void;

  /** The words the chart draws (the page's language). */
  get words(): ChartWords {
    return this.chartWords;
  }

  set words(w: ChartWords) {
    if (w === this.chartWords) return;
    this.chartWords = w;
    this.labelsKey = ''; // the labels' words changed: measure them again
    this.geometryDirty = true;
    this.invalidate();
  }

  /** The rows' geometry as drawn (folded rows have no height). */
  get rowGeometry(): RowGeometry {
    return this.geometry;
  }

  /** The height rows have on screen (below the axis), px. */
  get rowsHeight(): number {
    return this.height - AXIS;
  }

  /** Folds or unfolds the rows under a row (a group, a pool, a process with children). */
  toggleCollapse(key: string): void {
    const row = this.layout.rows.find((r) => r.key === key);
    if (row) this.collapse.set(key, !isCollapsed(row, this.collapse));
    this.geometryDirty = true;
    this.invalidate();
  }

  /** The plot's width: the chart less the label column and the scrollbar's strip. */
  get plotWidth(): number {
    return Math.max(50, this.width - this.gutter - SCROLLBAR);
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
      words: this.chartWords,
      collapse: this.collapse,
    };
  }

  /** Sets the view; any user zoom or pan ends "follow". */
  setScale(s: TimeScale, byUser = true): void {
    if (byUser) this.follow = false;
    this.scale = clampToContent(withWidth(s, this.plotWidth), this.layout.start, this.contentEnd());
    this.invalidate();
  }

  scrollBy(dy: number): void {
    this.scrollTo(this.scrollY + dy);
  }

  /** Scrolls the rows to `y` px from the first row's top (clamped to the rows there are). */
  scrollTo(y: number): void {
    this.scrollY = this.clampScroll(y);
    this.invalidate();
  }

  /** The most the rows can scroll, px. */
  get maxScroll(): number {
    return Math.max(0, this.geometry.total - this.rowsHeight);
  }

  /** Pans by `dx` px of the plot (positive: later moments), within the run. */
  panPx(dx: number): void {
    this.setScale({ ...this.scale, start: time(this.scale.start + dx * this.scale.msPerPx) });
  }

  /** Shows the whole run (and follows it while it grows). */
  fit(): void {
    this.follow = true;
    this.scale = this.fitted();
    this.invalidate();
  }

  /** Scrolls so that row `i` is visible, unfolding the rows it is folded into. */
  revealRow(i: number): void {
    for (let guard = 0; (this.geometry.shownAs[i] ?? i) !== i && guard < 64; guard++) {
      const folded = this.layout.rows[this.geometry.shownAs[i] ?? i];
      if (!folded) break;
      this.collapse.set(folded.key, false);
      this.geometry = rowGeometry(this.layout.rows, this.collapse);
    }
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

  /** The run's last moment the view may reach: the end of the whole run (also in a replay), or now. */
  protected contentEnd(): Time {
    return time(Math.max(this.layout.live ? this.layout.end : this.fullEnd, this.layout.start + 1));
  }

  protected clampScroll(y: number): number {
    return Math.max(0, Math.min(y, this.maxScroll));
  }

  /** Keeps a replay's moment on screen when zoomed in: a page turn when it nears an edge, as DevTools does. */
  protected followPlayhead(): void {
    if (this.replayAt === null || this.follow) return;
    const x = timeToPx(this.scale, time(this.replayAt));
    const w = this.scale.width;
    if (x >= w * 0.05 && x <= w * 0.95) return;
    this.scale = clampToContent(
      makeScale(time(this.replayAt - w * 0.2 * this.scale.msPerPx), this.scale.msPerPx, w),
      this.layout.start,
      this.contentEnd(),
    );
    this.dirty = true;
  }

  protected fitted(): TimeScale {
    const l = this.layout;
    if (this.replayAt !== null) return fitRun(l.start, time(this.fullEnd), this.plotWidth);
    if (!l.live) return fitRun(l.start, l.end, this.plotWidth);
    const end = Math.max(l.end, MIN_VIEW_MS);
    if (this.reducedMotion) {
      // No continuous zooming: jump to a view with room to grow, and again only when the run outgrows it.
      const shownEnd = scaleEnd(this.scale);
      if (this.scale.start <= l.start && shownEnd >= l.end && shownEnd <= end * 3) return this.scale;
      return fitScale(l.start, time(end * 1.5), this.plotWidth, 12);
    }
    return fitScale(l.start, time(end * 1.04), this.plotWidth, 12);
  }
}
