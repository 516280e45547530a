// Flow arrows: each with its dot and head while few are on screen; past DENSE_FLOWS, bands (see flowBands.test.ts).
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { DENSE_FLOWS } from './drawFlows';
import { layoutTrace } from './layout';
import { toSvg } from './svg';

/** A producer (1001) putting `n` items that a consumer (1002) takes, one per ms; `lost` more never taken. */
function queueTrace(n: number, lost = 0): TraceEvent[] {
  const ev: TraceEvent[] = [{ kind: 'spawn', at: 0, pid: 1000, ppid: 0, name: 'MainProcess', daemon: false }];
  for (const [pid, name] of [
    [1001, 'Producer'],
    [1002, 'Consumer'],
  ] as const) {
    ev.push({ kind: 'spawn', at: 0, pid, ppid: 1000, name, daemon: false });
    ev.push({ kind: 'start', at: 0, pid, ppid: 1000 }, { kind: 'running', at: 0, pid, ppid: 1000, after: 'start' });
  }
  ev.push({ kind: 'object', at: 0, pid: 1000, ppid: 0, obj: 'Queue#1', objKind: 'Queue', id: 'q1' });
  for (let i = 1; i <= n + lost; i++) {
    ev.push({ kind: 'put', at: i, pid: 1001, ppid: 1000, obj: 'Queue#1', item: i, summary: String(i), depth: 1 });
    if (i <= n) ev.push({ kind: 'take', at: i + 0.5, pid: 1002, ppid: 1000, obj: 'Queue#1', item: i, depth: 0 });
  }
  const end = n + lost + 1;
  if (lost) {
    const items = Array.from({ length: lost }, (_, k) => n + k + 1);
    ev.push({ kind: 'untaken', at: end, pid: 0, ppid: 0, obj: 'Queue#1', items });
  }
  return ev;
}

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
