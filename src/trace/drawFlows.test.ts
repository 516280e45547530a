// Flow arrows: each with its dot and head while few are on screen; past DENSE_FLOWS, bands (see flowBands.test.ts).
import { describe, expect, it } from 'vitest';
import { queueTrace } from './testing/queueTrace';
import { DENSE_FLOWS } from './drawFlows';
import { layoutTrace } from './layout';
import { toSvg } from './svg';

const count = (svg: string, re: RegExp) => svg.match(re)?.length ?? 0;
/** Flow curves are the only paths stroked 1.25 px wide; heads are the only polygons drawn in a producer's colour. */
const curves = (svg: string) => count(svg, /<path [^>]*stroke-width="1\.25"/g);
const polygons = (svg: string) => count(svg, /<polygon /g);

describe('drawFlows', () => {
  it('draws each of a few flows as a curve with a head', () => {
    const n = 40;
    const svg = toSvg(layoutTrace(queueTrace(n), n + 1));
    expect(curves(svg)).toBeGreaterThanOrEqual(n);
    expect(polygons(svg)).toBeGreaterThanOrEqual(n);
  });

  it(`past ${DENSE_FLOWS} flows on screen, draws bands, no head per item, and still marks the items never taken`, () => {
    const n = DENSE_FLOWS + 500;
    const few = toSvg(layoutTrace(queueTrace(40, 3), 44));
    const many = toSvg(layoutTrace(queueTrace(n, 3), n + 4));
    expect(count(many, /<path class="band"/g)).toBeGreaterThan(0);
    expect(curves(many)).toBeLessThan(n / 10); // bands and the lost items' curves, not one per item
    // No head per flow: only the polygons a small chart has besides its heads (legend and the like).
    expect(polygons(many)).toBe(polygons(few) - 40);
    const dashedLost = (svg: string) => count(svg, /<path [^>]*stroke-width="1\.25" stroke-dasharray="4 3"/g);
    expect(dashedLost(many)).toBe(3);
    expect(dashedLost(few)).toBe(3);
  });
});
