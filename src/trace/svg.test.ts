// The SVG export: a well-formed standalone document with rows, patterns, flows, lost items and the legend.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceFile } from '../protocol/trace';
import { layoutTraceFile } from './layout';
import { DARK } from './theme';
import { estimateWidth, toSvg } from './svg';
import { traceOfSource } from './testing/cliTrace';
import { LOST_ITEMS } from './testing/programs';

let lost: TraceFile;

beforeAll(async () => {
  lost = await traceOfSource('lost-svg.ts', LOST_ITEMS);
}, 60_000);

/** Every element opened is closed, in order (a tiny well-formedness check). */
function balanced(svg: string): boolean {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (self) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name as string);
  }
  return stack.length === 0;
}

describe('SVG export', () => {
  it('is one well-formed document with the rows, the patterns, the legend and the lost items', () => {
    const svg = toSvg(layoutTraceFile(lost), { title: 'lost.ts' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(balanced(svg)).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg).toContain('<title>lost.ts</title>');
    for (const text of ['1000 MainProcess', '1004 C', 'Queue#1 depth', 'zombie: exited, not yet joined', 'parallelism'])
      expect(svg).toContain(text);
    expect(svg).toMatch(/3 items never taken: &quot;P2-0&quot;, &quot;P2-1&quot;, &quot;P2&quot;/);
    expect(svg).toMatch(/<pattern id="pat\d+"/);
    // Generic font families only: it renders the same anywhere, no font file needed.
    expect(svg).toMatch(/font-family="[^"]*sans-serif"/);
  });

  it('is deterministic and follows the theme', () => {
    const l = layoutTraceFile(lost);
    expect(toSvg(l)).toBe(toSvg(layoutTraceFile(lost)));
    const dark = toSvg(l, { theme: DARK, width: 900 });
    expect(dark).toContain(`fill="${DARK.background}"`);
    expect(dark).toMatch(/width="900"/);
  });

  it('estimates text widths, wider for CJK', () => {
    expect(estimateWidth('abcd', 10, 'mono')).toBeCloseTo(24);
    expect(estimateWidth('包子', 10)).toBe(20);
  });
});
