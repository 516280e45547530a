// The read-only view's highlighter gives the source back exactly and marks the obvious tokens.
import { describe, expect, it } from 'vitest';
import { examples } from '../examples/catalog';
import { highlight } from './highlight';

describe('highlight', () => {
  it('concatenates back to every example, TypeScript and Python', () => {
    for (const ex of examples) {
      expect(
        highlight(ex.source, 'typescript')
          .map((t) => t.text)
          .join(''),
      ).toBe(ex.source);
      expect(
        highlight(ex.python, 'python')
          .map((t) => t.text)
          .join(''),
      ).toBe(ex.python);
    }
  });

  it('marks keywords, strings, numbers and comments', () => {
    const toks = highlight('const a = "x"; // note\nawait f(42);', 'typescript').filter((t) => t.cls);
    expect(toks).toEqual([
      { text: 'const', cls: 'kw' },
      { text: '"x"', cls: 'str' },
      { text: '// note', cls: 'com' },
      { text: 'await', cls: 'kw' },
      { text: '42', cls: 'num' },
    ]);
    expect(
      highlight('def f():  # c\n    return "s"', 'python')
        .filter((t) => t.cls)
        .map((t) => t.cls),
    ).toEqual(['kw', 'com', 'kw', 'str']);
  });

  it('an unterminated string or comment runs to the end without hanging', () => {
    expect(
      highlight('let s = "open\nlet t = 1; /* open', 'typescript')
        .map((t) => t.text)
        .join(''),
    ).toBe('let s = "open\nlet t = 1; /* open');
  });
});
