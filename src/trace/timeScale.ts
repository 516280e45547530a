// The time ↔ pixel scale of the chart: a start moment and ms per pixel, zoomed around a point, panned, fitted.
import { time, type Time } from './time';

/**
 * Maps program time onto the plot's x axis: `x = (t - start) / msPerPx`. Immutable: every operation
 * returns a new scale. `width` is the plot's width in CSS pixels (the row labels are not part of it).
 */
export interface TimeScale {
  readonly start: Time;
  readonly msPerPx: number;
  readonly width: number;
}

/** How far zoom may go: 1 µs per pixel at the closest, an hour per pixel at the farthest. */
export const ZOOM_LIMITS = { minMsPerPx: 0.001, maxMsPerPx: 3_600_000 } as const;

/** A scale starting at `start` with `msPerPx`, over a plot `width` px wide. */
export function makeScale(start: Time, msPerPx: number, width: number): TimeScale {
  return { start, msPerPx: clampZoom(msPerPx), width: Math.max(1, width) };
}

/** The x (CSS px from the plot's left edge) of moment `t`. */
export function timeToPx(s: TimeScale, t: Time): number {
  return (t - s.start) / s.msPerPx;
}

/** The moment at x (CSS px from the plot's left edge). */
export function pxToTime(s: TimeScale, x: number): Time {
  return time(s.start + x * s.msPerPx);
}

/** The last moment visible at the plot's right edge. */
export function scaleEnd(s: TimeScale): Time {
  return pxToTime(s, s.width);
}

/** The scale that shows [t0, t1] across `width`, with `padPx` of room on both sides. */
export function fitScale(t0: Time, t1: Time, width: number, padPx = 8): TimeScale {
  const w = Math.max(1, width);
  const inner = Math.max(1, w - 2 * padPx);
  const span = Math.max(t1 - t0, ZOOM_LIMITS.minMsPerPx * inner);
  const msPerPx = clampZoom(span / inner);
  return { start: time(t0 - padPx * msPerPx), msPerPx, width: w };
}

/**
 * Zooms by `factor` (> 1 zooms in, < 1 out) keeping the moment under x where it is on screen:
 * what Perfetto and DevTools do for the wheel and for +/-.
 */
export function zoomAt(s: TimeScale, x: number, factor: number): TimeScale {
  if (!(factor > 0) || !Number.isFinite(factor)) return s;
  const anchor = pxToTime(s, x);
  const msPerPx = clampZoom(s.msPerPx / factor);
  return { start: time(anchor - x * msPerPx), msPerPx, width: s.width };
}

/** Moves the view by `dx` pixels: positive dx shows later moments (the content moves left). */
export function panBy(s: TimeScale, dx: number): TimeScale {
  return { ...s, start: time(s.start + dx * s.msPerPx) };
}

/** The same scale over a new plot width (a resize keeps the start and the zoom). */
export function withWidth(s: TimeScale, width: number): TimeScale {
  return { ...s, width: Math.max(1, width) };
}

/** The narrowest window the plot may show, ms across its width: a sane limit for a trace stamped in µs. */
export const MIN_WINDOW_MS = 1;

/** Room kept on each side of the run when it is fitted or panned to an end, px (the right fits an exit code). */
export const RUN_PAD = { left: 12, right: 28 } as const;

/**
 * Keeps the view on the run [t0, t1]: never before t0 nor after t1 by more than the padding (so never a negative
 * time axis), never zoomed out past the whole run, never in past MIN_WINDOW_MS across the plot.
 */
export function clampToContent(s: TimeScale, t0: Time, t1: Time, pad: { left: number; right: number } = RUN_PAD) {
  const inner = Math.max(1, s.width - pad.left - pad.right);
  const widest = Math.max(t1 - t0, MIN_WINDOW_MS) / inner;
  const narrowest = Math.max(ZOOM_LIMITS.minMsPerPx, MIN_WINDOW_MS / s.width);
  const msPerPx = clampZoom(Math.min(widest, Math.max(narrowest, s.msPerPx)));
  const minStart = t0 - pad.left * msPerPx;
  const maxStart = Math.max(minStart, t1 + pad.right * msPerPx - s.width * msPerPx);
  const start = Math.min(Math.max(s.start, minStart), maxStart);
  return { start: time(start), msPerPx, width: s.width };
}

/** The whole run [t0, t1] across `width`, with RUN_PAD's room before it and after it (for the exit codes). */
export function fitRun(t0: Time, t1: Time, width: number): TimeScale {
  const w = Math.max(1, width);
  const msPerPx = clampZoom(Math.max(t1 - t0, MIN_WINDOW_MS) / Math.max(1, w - RUN_PAD.left - RUN_PAD.right));
  return { start: time(t0 - RUN_PAD.left * msPerPx), msPerPx, width: w };
}

function clampZoom(msPerPx: number): number {
  if (!Number.isFinite(msPerPx) || msPerPx <= 0) return 1;
  return Math.min(ZOOM_LIMITS.maxMsPerPx, Math.max(ZOOM_LIMITS.minMsPerPx, msPerPx));
}

/** A labelled grid line of the time axis. */
export interface Tick {
  at: Time;
  x: number;
  label: string;
}

const STEPS = [1, 2, 5];

/**
 * Grid lines at round moments (1, 2, 5 × 10ⁿ ms) at least `minPx` apart, covering the visible range. Labels read
 * as offsets from the run's start, all in one unit (seconds once the view reaches 1 s) with as many decimals as
 * the step needs, so no two labels are ever the same at any zoom (`1.0790 s`, `1.0795 s`).
 */
export function ticks(s: TimeScale, minPx = 90): Tick[] {
  const minStep = s.msPerPx * minPx;
  let step = 0;
  for (let p = Math.floor(Math.log10(minStep)) - 1; !step; p++) {
    for (const m of STEPS) {
      const cand = m * 10 ** p;
      if (cand >= minStep) {
        step = cand;
        break;
      }
    }
  }
  const first = Math.ceil(s.start / step) * step;
  const end = scaleEnd(s);
  const unit = end >= 1000 ? 1000 : 1;
  const digits = Math.max(0, Math.ceil(-Math.log10(step / unit) - 1e-9));
  const out: Tick[] = [];
  for (let i = 0; i < 1000; i++) {
    const t = first + i * step;
    if (t > end) break;
    // Round away float dust (0.30000000000000004) before labelling.
    const at = time(Number(t.toPrecision(12)));
    out.push({ at, x: timeToPx(s, at), label: tickLabel(at, unit, digits) });
  }
  return out;
}

/** `0`, `1.5 s`, `1.0795 s`, `250 ms`, `0.25 ms`: trailing zeros dropped (labels stay distinct: the step needs no more). */
function tickLabel(at: Time, unit: 1 | 1000, digits: number): string {
  if (Math.abs(at) < 1e-9) return '0';
  const v = (at / unit).toFixed(digits);
  const trimmed = v.includes('.') ? v.replace(/\.?0+$/, '') : v;
  return `${trimmed.replace('-', '−')} ${unit === 1000 ? 's' : 'ms'}`;
}
