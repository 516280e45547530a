// The time scale: px ↔ time round trips, zoom around a point, pan, fit, clamping and the axis ticks.
import { describe, expect, it } from 'vitest';
import { formatDuration, time } from './time';
import {
  clampToContent,
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

  it('keeps the width through a resize, and clamps a view that left the run', () => {
    expect(withWidth(s, 800)).toEqual({ start: s.start, msPerPx: s.msPerPx, width: 800 });
    const lost = panBy(s, 1e6); // far past the end
    const back = clampToContent(lost, time(0), time(5000));
    expect(back.start).toBeLessThan(5000);
    const zoomedOut = makeScale(time(0), 1e6, 500);
    expect(clampToContent(zoomedOut, time(0), time(5000)).msPerPx).toBeLessThanOrEqual((5000 * 20) / 500);
  });

  it('puts ticks on round moments, at least minPx apart, labelled from the start of the run', () => {
    const f = fitScale(time(0), time(5152), 1000, 0);
    const t = ticks(f, 90);
    expect(t.map((k) => k.label)).toEqual([
      '0',
      '500 ms',
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
    const fine = ticks(makeScale(time(0.1), 0.0005, 400), 80);
    expect(fine.length).toBeGreaterThan(3);
    expect(fine[0]!.label).toMatch(/µs$/);
  });

  it('formats durations for people', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(0.25)).toBe('250 µs');
    expect(formatDuration(12.345)).toBe('12.3 ms');
    expect(formatDuration(1075.2)).toBe('1.08 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});
