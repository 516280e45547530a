// The guess of how many processes a program starts at once, on the gallery's own lessons and on edge cases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_AHEAD, processesAhead } from './demand';

const lesson = (id: string) => readFileSync(join(import.meta.dirname, '../examples/programs', `${id}.ts`), 'utf8');

describe('processesAhead', () => {
  it.each([
    ['join-after-loop', 6], // MainProcess and five children in a loop over range(5)
    ['join-one', 3], // two children
    ['start-class', 2], // a subclass of Process
    ['pool-apply-async-right', 6], // Pool(5)
    ['zombie', 2],
  ])('%s: %i', (id, n) => {
    expect(processesAhead(lesson(id), 2)).toBe(n);
  });

  it('multiplies by the loops around a start, and reads their counts', () => {
    const src = `
for (let i = 0; i < 3; i++) {
  for (const j of [1, 2]) {
    new Process({ target: f }).start();
  }
}
while (x) { new Process({ target: g }); }`;
    expect(processesAhead(src, 2)).toBe(1 + 3 * 2 + 4);
  });

  it('reads a loop bound from a numeric constant', () => {
    expect(processesAhead('const N = 3;\nfor (let i = 0; i < N; i++) { new Process({ target: f }).start(); }', 2)).toBe(
      4,
    );
  });

  it('ignores what comments and strings say', () => {
    const src = `// new Process() in a comment
print("new Process(");
const s = \`for (;;) { new Process( \${x} }\`;
/* new Pool(9) */`;
    expect(processesAhead(src, 2)).toBe(1);
  });

  it('takes the CPU count for a Pool without a size, and caps the guess', () => {
    expect(processesAhead('const p = new mp.Pool();', 4)).toBe(5);
    expect(processesAhead('for (const i of range(100)) { new Process({ target: f }).start(); }', 2)).toBe(MAX_AHEAD);
  });
});
