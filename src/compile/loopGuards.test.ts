// Stop's brake: every loop condition of compiled user code calls the guard, and nothing else changes.
import { describe, expect, it } from 'vitest';
import { LOOP_GUARD } from '../protocol/messages';
import { addLoopGuards } from './loopGuards';

/** Runs `js` (a function body) with a guard that counts its calls; returns [its result, the calls]. */
function runCounting(js: string): [unknown, number] {
  let calls = 0;
  const guard = (): true => {
    calls++;
    return true;
  };
  const result = new Function(LOOP_GUARD, js)(guard) as unknown;
  return [result, calls];
}

describe('addLoopGuards', () => {
  it('guards the condition of while, do…while and three-part for, each iteration once', () => {
    const js = [
      'let n = 0, i = 0;',
      'while (i < 3) i++;',
      'do { n++; } while (n < 2);',
      'for (let k = 0; k < 4; k++) n++;',
      'for (;;) { if (++n > 10) break; }',
      'return [i, n];',
    ].join('\n');
    const guarded = addLoopGuards(js);
    expect(runCounting(guarded)).toEqual([[3, 11], 4 + 2 + 5 + 5]);
    expect(guarded.split('\n')).toHaveLength(js.split('\n').length); // no line moves
    expect(guarded).toContain(`for (;${LOOP_GUARD}();)`);
  });

  it('keeps a condition with commas, calls and nested parens as it was', () => {
    const js = 'let a = 0, b = 5; while ((a++, Math.max(a, 1)) < b) {} return [a, b];';
    expect(runCounting(addLoopGuards(js))).toEqual([[5, 5], 5]);
  });

  it('leaves for…of and for…in alone (they end on their own) but guards loops in their bodies', () => {
    const js =
      'let s = 0; for (const x of [1, 2]) { for (const k in { a: 1 }) { let j = 0; while (j < x) { j++; s++; } } } return s;';
    const out = addLoopGuards(js);
    expect(out.split(`${LOOP_GUARD}()`)).toHaveLength(2);
    expect(runCounting(out)).toEqual([3, 5]);
  });

  it('finds the header semicolons of a for whose init holds a function body', () => {
    const js = 'let n = 0; for (let f = () => { n += 0; return 1; }; n < 3; n += f()) {} return n;';
    expect(runCounting(addLoopGuards(js))).toEqual([3, 4]);
  });

  it('does not touch what only looks like a loop: strings, templates, regexps, comments and properties', () => {
    const js = [
      'const o = { while: (x) => x, for: 1 };',
      'const s = "while (true) {}" + `for (;;) ${o.for}` + /do while\\(1\\)/.source; // while (x)',
      'return [o.while(2), s.length];',
    ].join('\n');
    expect(addLoopGuards(js)).toBe(js);
  });

  it('leaves for await…of alone', () => {
    const js =
      'async function f() { const out = []; for await (const x of [1, 2]) out.push(x); return out; } return f();';
    expect(addLoopGuards(js)).toBe(js);
  });
});
