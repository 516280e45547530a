// Hit testing and the words for hits: what is under a point, what the keyboard steps through, what the tooltip says.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { describeHit, sayHit } from './describe';
import type { ChartView } from './draw';
import { ROW, rowGeometry } from './geometry';
import { CHART_WORDS } from './words';
import { hitRange, hitTest, rowItems } from './hitTest';
import { layoutTrace } from './layout';
import { time } from './time';
import { makeScale, timeToPx } from './timeScale';

const ev = (e: object) => ({ ppid: 1000, ...e }) as TraceEvent;
const layout = layoutTrace(
  [
    ev({ at: 0, kind: 'spawn', pid: 1000, ppid: 0, name: 'MainProcess', daemon: false }),
    ev({ at: 10, kind: 'start', pid: 1000, ppid: 0 }),
    ev({ at: 11, kind: 'object', pid: 1000, ppid: 0, obj: 'Queue#1', objKind: 'Queue', id: '1000.1' }),
    ev({ at: 12, kind: 'spawn', pid: 1001, name: 'Process-1', daemon: false }),
    ev({ at: 20, kind: 'start', pid: 1001 }),
    ev({
      at: 30,
      kind: 'blocked',
      pid: 1000,
      ppid: 0,
      on: { obj: 'Queue#1', op: 'get', label: 'Queue#1.get()', timeout: null },
    }),
    ev({ at: 400, kind: 'put', pid: 1001, obj: 'Queue#1', item: 1, summary: '"a"', depth: 1 }),
    ev({ at: 420, kind: 'take', pid: 1000, ppid: 0, obj: 'Queue#1', item: 1, depth: 0 }),
    ev({ at: 421, kind: 'unblocked', pid: 1000, ppid: 0, reason: 'ready' }),
    ev({ at: 500, kind: 'output', pid: 1001, stream: 'stdout', text: 'hello\n' }),
    ev({ at: 600, kind: 'exit', pid: 1001, code: 1, reason: 'exception' }),
    ev({ at: 601, kind: 'zombie', pid: 1001 }),
    ev({ at: 700, kind: 'reaped', pid: 1001, by: 1000 }),
    ev({ at: 800, kind: 'exit', pid: 1000, ppid: 0, code: 0, reason: 'returned' }),
  ],
  800,
);
const view: ChartView = {
  scale: makeScale(time(0), 1, 1000), // 1 ms per px
  geometry: rowGeometry(layout.rows),
  gutter: 200,
  top: 24,
  height: 400,
  scrollY: 0,
  selectedRow: null,
  now: null,
  words: CHART_WORDS.en,
};
/** The canvas point of moment `t` on row `i`'s state bar. */
const at = (t: number, i: number) => ({
  x: view.gutter + timeToPx(view.scale, time(t)),
  y: view.top + view.geometry.y[i]! + ROW.barTop + ROW.barHeight / 2,
});

describe('hitTest', () => {
  it('finds the span under the pointer, with its state and object', () => {
    const p = at(200, 0);
    const hit = hitTest(layout, view, p.x, p.y)!;
    expect(hit).toMatchObject({ kind: 'span', span: { state: 'blocked', obj: 'Queue#1' } });
    const d = describeHit(hit, layout);
    expect(d.title).toBe('blocked: Queue#1.get()');
    expect(d.lines).toContain('waits on Queue#1 (get)');
    expect(d.lines[1]).toMatch(/^0\.030 s → 0\.421 s \(391 ms\)$/);
  });

  it('prefers a marker within a few pixels, exits over print ticks', () => {
    const p = at(602, 1);
    const hit = hitTest(layout, view, p.x, p.y)!;
    expect(hit).toMatchObject({ kind: 'marker', marker: { kind: 'exit', code: 1 } });
    expect(sayHit(hit, layout)).toMatch(/^exit\. exit 1 \(exception\)\. 1001 Process-1/);
  });

  it('finds a flow by its line, and the row from the label column', () => {
    const mid = (at(400, 1).y + at(420, 0).y) / 2;
    const flow = hitTest(layout, view, at(410, 0).x, mid);
    expect(flow).toMatchObject({ kind: 'flow', flow: { item: 1, summary: '"a"' } });
    expect(describeHit(flow!, layout).lines).toEqual([
      'put by 1001 Process-1 at 0.400 s',
      'taken by 1000 MainProcess at 0.420 s (waited 20 ms)',
    ]);
    expect(hitTest(layout, view, 50, at(0, 1).y)).toMatchObject({ kind: 'row', row: { name: 'Process-1' }, at: null });
    expect(hitTest(layout, view, 300, 5)).toBeNull(); // the axis
  });

  it("reads a queue's depth at a moment", () => {
    const q = layout.rows.findIndex((r) => r.kind === 'queue');
    const y = view.top + view.geometry.y[q]! + 5;
    expect(hitTest(layout, view, at(410, 0).x, y)).toMatchObject({ kind: 'depth', depth: 1 });
    expect(hitTest(layout, view, at(450, 0).x, y)).toMatchObject({ kind: 'depth', depth: 0 });
  });
});

describe('rowItems', () => {
  it("steps through a row's spans, markers and arrows in time order", () => {
    const row = layout.rows.find((r) => r.name === 'Process-1')!;
    const items = rowItems(layout, row).map((h) =>
      h.kind === 'span' ? h.span.state : h.kind === 'marker' ? h.marker.kind : h.kind,
    );
    expect(items).toEqual(['starting', 'running', 'start', 'flow', 'output', 'exit', 'zombie']);
    const flow = rowItems(layout, row).find((h) => h.kind === 'flow')!;
    expect(hitRange(flow, layout)).toEqual([400, 420]);
  });
});
