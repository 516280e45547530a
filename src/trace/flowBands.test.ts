// Flow bands: every taken item counted once, in the band of its pair and put time; a flood drawn as bands, a few items (or a zoomed-in view) arrow by arrow.
import { describe, expect, it } from 'vitest';
import { queueTrace } from './testing/queueTrace';
import type { ChartView } from './draw';
import { DENSE_FLOWS, drawFlows } from './drawFlows';
import { FlowBands, MAX_BUCKETS } from './flowBands';
import { TimelineBuilder } from './layout';
import type { Flow } from './model';
import { summarize } from './summary';
import { SvgPainter, toSvg } from './svg';
import { LIGHT } from './theme';
import { makeScale } from './timeScale';
import { rowGeometry } from './geometry';
import { CHART_WORDS } from './words';
import { time } from './time';

/** A deterministic stream in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function flow(from: string, to: string, put: number, take: number, colour = 0): Flow {
  return {
    kind: 'item',
    obj: 'Queue#1',
    item: 0,
    summary: '0',
    from: { row: from, at: time(put) },
    to: { row: to, at: time(take) },
    colour,
  } as Flow;
}

describe('FlowBands', () => {
  const pairs = [
    ['p1', 'p2'],
    ['p1', 'p3'],
    ['p4', 'p2'],
  ] as const;

  /** 30k flows over three pairs, puts spread over `span` ms (long enough to make the buckets coarsen many times). */
  function sample(span: number) {
    const next = rng(7);
    const flows: Flow[] = [];
    const bands = new FlowBands();
    for (let i = 0; i < 30_000; i++) {
      const [from, to] = pairs[Math.floor(next() * pairs.length)]!;
      const put = next() ** 2 * span; // denser early on
      const f = flow(from, to, put, put + next() * 5, from === 'p1' ? 1 : 2);
      flows.push(f);
      bands.add(f);
    }
    return { flows, bands };
  }

  it.each([10, 5_000, 3_600_000])(
    'over %d ms: each band counts exactly the items of its pair put in its stretch',
    (span) => {
      const { flows, bands } = sample(span);
      expect(bands.total).toBe(flows.length);
      for (const minMs of [0, span / 1000, span / 37, span]) {
        const list = bands.bands(minMs);
        expect(list.reduce((n, b) => n + b.count, 0)).toBe(flows.length);
        for (const [from, to] of pairs) {
          const mine = list.filter((b) => b.from === from && b.to === to).sort((a, b) => a.put0 - b.put0);
          // The pair's items by put time: each band's items are one slice of them (found by binary search, so
          // the check stays linear and quick on a busy machine).
          const own = flows
            .filter((f) => f.from.row === from && f.to!.row === to)
            .sort((a, b) => a.from.at - b.from.at);
          /** The index of the first item put after `t` (`orAt`: at or after). */
          const firstAfter = (t: number, orAt: boolean) => {
            let lo = 0;
            let hi = own.length;
            while (lo < hi) {
              const mid = (lo + hi) >> 1;
              const at = own[mid]!.from.at;
              if (at < t || (!orAt && at === t)) lo = mid + 1;
              else hi = mid;
            }
            return lo;
          };
          expect(mine.reduce((n, b) => n + b.count, 0)).toBe(own.length);
          for (let k = 0; k < mine.length; k++) {
            const b = mine[k]!;
            // Bands of one pair do not overlap in put time, and hold exactly the items put in their stretch.
            if (k > 0) expect(b.put0).toBeGreaterThan(mine[k - 1]!.put1);
            const inside = own.slice(firstAfter(b.put0, true), firstAfter(b.put1, false));
            expect(inside.length).toBe(b.count);
            expect(Math.min(...inside.map((f) => f.from.at))).toBe(b.put0);
            expect(Math.max(...inside.map((f) => f.from.at))).toBe(b.put1);
            expect(Math.min(...inside.map((f) => f.to!.at))).toBe(b.take0);
            expect(Math.max(...inside.map((f) => f.to!.at))).toBe(b.take1);
            expect(b.colour).toBe(from === 'p1' ? 1 : 2);
          }
          // Bands at least `minMs` wide: never more of them than the stretch allows (or than buckets kept).
          if (minMs > 0) expect(mine.length).toBeLessThanOrEqual(Math.min(MAX_BUCKETS, Math.ceil(span / minMs) + 1));
        }
      }
    },
  );

  it('leaves out bands wholly before or after the stretch asked for, and keeps the ones reaching into it', () => {
    const bands = new FlowBands();
    bands.add(flow('p1', 'p2', 1, 2));
    bands.add(flow('p1', 'p2', 10, 50)); // put before 20, taken after: reaches into [20, 30)
    bands.add(flow('p1', 'p2', 25, 26));
    bands.add(flow('p1', 'p2', 40, 41));
    const got = bands.bands(0, 20, 30).map((b) => [b.put0, b.count]);
    expect(got).toEqual([
      [10, 1],
      [25, 1],
    ]);
  });
});

/** The flood: items 0.01 ms apart. */
const flood = (n: number, lost = 0) => queueTrace(n, lost, 0.01);

const count = (svg: string, re: RegExp) => svg.match(re)?.length ?? 0;
const bandPaths = (svg: string) => count(svg, /<path class="band"/g);
const curves = (svg: string) => count(svg, /<path d="[^"]*" fill="none" stroke="[^"]*" stroke-width="1\.25"/g);
const dashedLost = (svg: string) => count(svg, /<path [^>]*stroke-width="1\.25" stroke-dasharray="4 3"/g);

describe('drawing a flood of items', () => {
  const n = 20_000;

  it('while the run goes: a bounded number of bands, no curve per item, the items never taken still marked', () => {
    const b = new TimelineBuilder();
    b.add(flood(n, 3));
    const live = b.layout((n + 4) / 100);
    expect(live.live).toBe(true);
    expect(live.bands?.total).toBe(n);
    const svg = toSvg(live, { width: 900 });
    expect(bandPaths(svg)).toBeGreaterThan(10);
    expect(bandPaths(svg)).toBeLessThan(900 / 4 + 10); // about one per 4 px of the plot, not one per item
    expect(curves(svg)).toBeLessThan(10);
    expect(dashedLost(svg)).toBe(3);
  });

  it("draws a flooded queue's depth with a few points per pixel, not two per step", () => {
    const b = new TimelineBuilder();
    b.add(flood(n));
    const svg = toSvg(b.layout((n + 1) / 100), { width: 900 });
    const depth = [...svg.matchAll(/<polygon points="([^"]*)" fill="[^"]*" stroke="[^"]*" stroke-width="1"/g)]
      .map((m) => m[1]!.split(' ').length)
      .filter((k) => k > 100);
    expect(depth).toHaveLength(1); // one depth outline, not 2 points per step (40k)
    expect(depth[0]).toBeLessThan(4 * 900);
  });

  it('once the run is over: bands for the flood, every arrow once zoomed in to a few, the items never taken', () => {
    const b = new TimelineBuilder();
    b.add(flood(n, 3));
    b.finish((n + 4) / 100);
    const whole = toSvg(b.layout(), { width: 900 });
    expect(bandPaths(whole)).toBeGreaterThan(10);
    expect(curves(whole)).toBeLessThan(10);
    expect(dashedLost(whole)).toBe(3);
    // Zoomed in to 10 ms of the run (about 1,000 items): each arrow again.
    const layout = b.layout();
    const p = new SvgPainter(LIGHT);
    const view: ChartView = {
      scale: makeScale(time(50), 10 / 900, 900),
      geometry: rowGeometry(layout.rows),
      gutter: 100,
      top: 20,
      height: 2000,
      scrollY: 0,
      selectedRow: null,
      now: null,
      words: CHART_WORDS.en,
    };
    drawFlows(p, layout, view, LIGHT, 2000);
    const zoomed = p.document(1000, 2000, 'zoomed');
    expect(bandPaths(zoomed)).toBe(0);
    expect(curves(zoomed)).toBeGreaterThanOrEqual(900);
    expect(curves(zoomed)).toBeLessThanOrEqual(DENSE_FLOWS);
    // The summary counts from the bands: the same as counting the flows.
    expect(summarize(b.layout()).items).toEqual({ put: n + 3, taken: n, lost: 3 });
  });

  it(`while the run goes but with no more than ${DENSE_FLOWS} items: arrow by arrow`, () => {
    const b = new TimelineBuilder();
    b.add(flood(DENSE_FLOWS));
    const svg = toSvg(b.layout(DENSE_FLOWS / 100 + 1), { width: 900 });
    expect(bandPaths(svg)).toBe(0);
    expect(curves(svg)).toBeGreaterThanOrEqual(DENSE_FLOWS);
  });
});
