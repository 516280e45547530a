import { afterEach, describe, expect, it, vi } from 'vitest';

/** A `performance` whose timeOrigin jitters between two values a quantum apart on each read, as WebKit's does. */
function webkitLikePerformance() {
  let reads = 0;
  let now = 0;
  return {
    get timeOrigin() {
      return 1_700_000_000_000 + (reads++ % 2 ? 0.02 : 0);
    },
    now: () => (now += 0.005),
  };
}

describe('epochNow', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('never goes back in time, though timeOrigin jitters on every read (WebKit)', async () => {
    const perf = webkitLikePerformance();
    vi.stubGlobal('performance', perf);
    vi.resetModules();
    const { epochNow } = await import('./epoch');
    const reads = Array.from({ length: 1000 }, () => epochNow());
    expect(reads.filter((t, i) => i > 0 && t < reads[i - 1]!)).toEqual([]);
    expect(reads[999]! - reads[0]!).toBeCloseTo(999 * 0.005, 3);
    // What it guards against: the same clock read the naive way does go back.
    const naive = Array.from({ length: 1000 }, () => perf.timeOrigin + perf.now());
    expect(naive.filter((t, i) => i > 0 && t < naive[i - 1]!).length).toBeGreaterThan(0);
  });

  it('is the epoch in milliseconds, as Date.now() is', async () => {
    const { epochNow } = await import('./epoch');
    expect(Math.abs(epochNow() - Date.now())).toBeLessThan(1000);
  });
});
