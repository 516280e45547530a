// Pane sizes: clamped to what the window can show, moved by separators, and read back only when they make sense.
import { describe, expect, it } from 'vitest';
import { clampLayout, DEFAULT_LAYOUT, MIN_PX, moveBoundary, parseLayout } from './paneLayout';

describe('pane layout', () => {
  it('keeps every pane at least its minimum, and the chart what the others leave', () => {
    const l = clampLayout({ code: 0.95, term: 0.9, side: 5000 }, 700, 1400);
    expect(l.code * 700).toBeLessThanOrEqual(700 - MIN_PX.chart - MIN_PX.term + 1e-9);
    expect((1 - l.code - l.term) * 700).toBeGreaterThanOrEqual(MIN_PX.chart - 1e-9);
    expect(l.term * 700).toBeGreaterThanOrEqual(MIN_PX.term - 1e-9);
    expect(l.side).toBe(1400 - MIN_PX.main);
    expect(clampLayout({ code: 0, term: 0, side: 0 }, 700, 1400)).toEqual({
      code: MIN_PX.code / 700,
      term: MIN_PX.term / 700,
      side: MIN_PX.side,
    });
  });

  it('the default fits a 1400×860 window unchanged', () => {
    expect(clampLayout(DEFAULT_LAYOUT, 760, 1400)).toEqual(DEFAULT_LAYOUT);
  });

  it('separators move their boundary: the editor grows down, the terminal up, the side column left', () => {
    const l = { code: 0.3, term: 0.3, side: 400 };
    expect(moveBoundary(l, 'code', 70, 700, 1400).code).toBeCloseTo(0.4);
    expect(moveBoundary(l, 'term', -70, 700, 1400).term).toBeCloseTo(0.4);
    expect(moveBoundary(l, 'side', -50, 700, 1400).side).toBe(450);
    const far = moveBoundary(l, 'code', 10_000, 700, 1400);
    expect(far.code).toBeCloseTo(1 - 0.3 - MIN_PX.chart / 700);
    expect(far.term).toBe(0.3); // the terminal is not its neighbour: it keeps its size
  });

  it('reads back only a layout that makes sense', () => {
    expect(parseLayout(JSON.stringify(DEFAULT_LAYOUT))).toEqual(DEFAULT_LAYOUT);
    for (const bad of [
      null,
      '',
      '{',
      '[]',
      '{"code":0.6,"term":0.5,"side":300}',
      '{"code":"0.3","term":0.3,"side":300}',
      '{"code":0.3,"term":0.3,"side":1e9}',
    ])
      expect(parseLayout(bad), String(bad)).toBeNull();
  });
});
