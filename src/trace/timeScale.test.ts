// The time scale: px ↔ time round trips, zoom around a point, pan, fit, clamping and the axis ticks.
import { describe, expect, it } from 'vitest';
import { formatDuration, time } from './time';
import {
  clampToContent,
  MIN_WINDOW_MS,
  RUN_PAD,
  fitScale,
  makeScale,
  panBy,
  pxToTime,
  scaleEnd,
  ticks,
  timeToPx,
  withWidth,
  zoomAt,
  ZOOM_LIMITS,
} from './timeScale';

describe('TimeScale', () => {
  const s = makeScale(time(1000), 2, 500); // 1 s … 2 s over 500 px

  it('maps time to px and back', () => {
    expect(timeToPx(s, time(1000))).toBe(0);
    expect(timeToPx(s, time(2000))).toBe(500);
    expect(pxToTime(s, 250)).toBe(1500);
    expect(scaleEnd(s)).toBe(2000);
    for (const x of [-30, 0, 17.5, 499, 800]) expect(timeToPx(s, pxToTime(s, x))).toBeCloseTo(x, 9);
  });

  it('zooms around the pointer: the moment under it stays under it', () => {
    for (const [x, f] of [
      [0, 2],
      [123, 1.25],
      [500, 0.5],
      [260, 10],
    ] as const) {
      const z = zoomAt(s, x, f);
      expect(pxToTime(z, x)).toBeCloseTo(pxToTime(s, x), 9);
      expect(z.msPerPx).toBeCloseTo(s.msPerPx / f, 12);
    }
    expect(zoomAt(s, 10, 0)).toBe(s);
    expect(zoomAt(s, 10, Number.NaN)).toBe(s);
  });

  it('zoom stops at 1 µs per px and at an hour per px', () => {
    expect(zoomAt(s, 0, 1e12).msPerPx).toBe(ZOOM_LIMITS.minMsPerPx);
    expect(zoomAt(s, 0, 1e-12).msPerPx).toBe(ZOOM_LIMITS.maxMsPerPx);
  });

  it('pans by pixels: positive shows later moments', () => {
    const p = panBy(s, 100);
    expect(p.start).toBe(1200);
    expect(p.msPerPx).toBe(2);
    expect(panBy(p, -100)).toEqual(s);
  });

  it('fits a range with padding on both sides', () => {
    const f = fitScale(time(0), time(5000), 1010, 5);
    expect(timeToPx(f, time(0))).toBeCloseTo(5, 9);
    expect(timeToPx(f, time(5000))).toBeCloseTo(1005, 9);
    // An empty range still gives a usable scale.
    const e = fitScale(time(7), time(7), 300);
    expect(Number.isFinite(e.msPerPx) && e.msPerPx > 0).toBe(true);
    expect(timeToPx(e, time(7))).toBeGreaterThan(0);
    expect(timeToPx(e, time(7))).toBeLessThan(300);
  });

  it('keeps the width through a resize, and keeps the view on the run: no negative time, no zoom past it', () => {
    expect(withWidth(s, 800)).toEqual({ start: s.start, msPerPx: s.msPerPx, width: 800 });
    const run = [time(0), time(5000)] as const;
    const pad = RUN_PAD.left + RUN_PAD.right;
    // Panned far past the end: the end of the run stays at the right edge, its padding after it.
    const late = clampToContent(panBy(s, 1e6), ...run);
    expect(scaleEnd(late)).toBeCloseTo(5000 + RUN_PAD.right * late.msPerPx, 6);
    // Panned or zoomed before the start ("−20 s" on the axis): the start of the run stays at the left edge.
    for (const early of [
      panBy(s, -1e6),
      zoomAt(makeScale(time(0), 2, 500), 0, 1e-3),
      makeScale(time(-20_000), 1, 500),
    ]) {
      const c = clampToContent(early, ...run);
      expect(c.start).toBeCloseTo(-RUN_PAD.left * c.msPerPx, 6);
      expect(ticks(c).every((t) => t.at >= 0)).toBe(true);
    }
    // Zoomed out: at most the whole run; zoomed in: at least MIN_WINDOW_MS across the plot.
    expect(clampToContent(makeScale(time(0), 1e6, 500), ...run).msPerPx).toBeCloseTo(5000 / (500 - pad), 9);
    const deep = clampToContent(makeScale(time(1079), 1e-6, 500), ...run);
    expect(deep.msPerPx * deep.width).toBeCloseTo(MIN_WINDOW_MS, 9);
  });

  it('labels ticks uniquely at any zoom, with more decimals as it zooms in (never "1.079 s 1.079 s")', () => {
    // The complaint: a 4 ms window at 1.079 s.
    const narrow = ticks(makeScale(time(1077), 4 / 800, 800));
    expect(narrow.length).toBeGreaterThan(3);
    expect(narrow[0]!.label).toMatch(/^1\.07\d+ s$/);
    // Sweep zooms and places: every label distinct, one unit per axis.
    for (let win = MIN_WINDOW_MS; win < 4e6; win *= 1.7) {
      for (const start of [0, 0.3, 999.5, 1079.123, 62_345.6, 3_599_000]) {
        const labels = ticks(makeScale(time(start), win / 900, 900)).map((t) => t.label);
        expect(new Set(labels).size, `${win} ms at ${start}: ${labels.join(' ')}`).toBe(labels.length);
        const units = new Set(labels.filter((l) => l !== '0').map((l) => l.split(' ')[1]));
        expect(units.size).toBeLessThanOrEqual(1);
      }
    }
  });

  it('puts ticks on round moments, at least minPx apart, labelled from the start of the run', () => {
    const f = fitScale(time(0), time(5152), 1000, 0);
    const t = ticks(f, 90);
    expect(t.map((k) => k.label)).toEqual([
      '0',
      '0.5 s',
      '1 s',
      '1.5 s',
      '2 s',
      '2.5 s',
      '3 s',
      '3.5 s',
      '4 s',
      '4.5 s',
      '5 s',
    ]);
    for (let i = 1; i < t.length; i++) expect(t[i]!.x - t[i - 1]!.x).toBeGreaterThanOrEqual(90);
    const fine = ticks(makeScale(time(0.1), 0.0025, 400), 80);
    expect(fine.length).toBeGreaterThan(3);
    expect(fine.map((t) => t.label)).toEqual(['0.2 ms', '0.4 ms', '0.6 ms', '0.8 ms', '1 ms']);
  });

  it('formats durations for people', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(0.25)).toBe('250 µs');
    expect(formatDuration(12.345)).toBe('12.3 ms');
    expect(formatDuration(1075.2)).toBe('1.08 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});
