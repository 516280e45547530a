// Regression: a top-level `await` that rejects keeps its `<module>` frame in the traceback. V8 writes that
// frame as `at async main.ts:N:C` (no function name, no parentheses); CPython prints
// `File "main.ts", line N, in <module>` with the awaited line, and so must we.
import { describe, expect, it } from 'vitest';
import { formatTraceback, userFrames } from './traceback';

/** The stack V8 gives an error rejected by a blocking call awaited at the top level of main.ts (from a real run). */
const STACK = [
  'ValueError: bad 3',
  '    at errorFromWire (file:///cache/processWorker.mjs:118:16)',
  '    at ProcessRuntime.call (file:///cache/processWorker.mjs:1937:11)',
  '    at async AsyncResult.get (file:///cache/processWorker.mjs:544:11)',
  '    at async main.ts:4:3',
].join('\n');

describe('the <module> frame of an await at the top level', () => {
  it('"at async main.ts:4:3" is the <module> frame at line 4', () => {
    expect(userFrames(STACK, 'main.ts')).toEqual([{ fn: '<module>', line: 4 }]);
  });

  it('so the uncaught error prints a traceback that quotes the awaited line', () => {
    const err = new Error('bad 3');
    err.name = 'ValueError';
    err.stack = STACK;
    const source =
      'import { Pool } from "multiprocessing";\nfunction task() {}\nconst p = new Pool(2);\nawait p.apply(task, [3]);\n';
    expect(formatTraceback(err, source, 'main.ts')).toBe(
      'Traceback (most recent call last):\n  File "main.ts", line 4, in <module>\n    await p.apply(task, [3]);\nValueError: bad 3\n',
    );
  });
});
