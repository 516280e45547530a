// Tracebacks name the TypeScript file and line in all three engines (issue 13): the stack strings below are
// real, taken from a module worker that imports the compiled program from a blob: URL (as the browser host
// does) in Chromium 153 (V8), Firefox ESR 153 (SpiderMonkey) and WebKitGTK 2.50's MiniBrowser (JavaScriptCore).
import { describe, expect, it } from 'vitest';
import { formatTraceback, userFrames } from './traceback';

/** The program those stacks came from (its line numbers are the ones in the frames). */
const SOURCE = [
  'function inner(x) { throw new Error("boom " + x); }', // 1
  'async function task(x) {', // 2
  '  await null;', // 3
  '  inner(x);', // 4
  '}', // 5
  'class Worker2 { run() { return inner(2); } }', // 6
  'const arrow = () => new Worker2().run();', // 7
  'export async function main() {', // 8
  '  const out = [];', // 9
  '  try { inner(1); } catch (e) { out.push(e.stack); }', // 10
  '  try { arrow(); } catch (e) { out.push(e.stack); }', // 11
  '  try { await task(3); } catch (e) { out.push(e.stack); }', // 12
  '  return out;', // 13
  '}', // 14
  'let top; try { inner(0); } catch (e) { top = e.stack; }', // 15
].join('\n');

const BOOT = 'blob:http://127.0.0.1:4421/732cc8d3-8f99-4811-873e-ae979c2539d6';
const V8 = {
  top: 'Error: boom 0\n    at inner (main.ts:1:27)\n    at main.ts:15:16',
  method: `Error: boom 2\n    at inner (main.ts:1:27)\n    at Worker2.run (main.ts:6:32)\n    at arrow (main.ts:7:35)\n    at Module.main (main.ts:11:9)\n    at onmessage (${BOOT}:1:80)`,
  awaited: `Error: boom 3\n    at inner (main.ts:1:27)\n    at task (main.ts:4:3)\n    at async Module.main (main.ts:12:9)\n    at async onmessage (${BOOT}:1:72)`,
};

const FF_BOOT = 'blob:http://127.0.0.1:4421/9b34e744-5e60-41d5-bd75-f6ebf738ad94';
const SPIDERMONKEY = {
  top: 'inner@main.ts:1:27\n@main.ts:15:21\n',
  method: `inner@main.ts:1:27\nrun@main.ts:6:32\narrow@main.ts:7:35\nmain@main.ts:11:9\nonmessage@${FF_BOOT}:1:80\n`,
  awaited: 'inner@main.ts:1:27\ntask@main.ts:4:8\n',
};

/** JavaScriptCore ignores `//# sourceURL` in a module: its frames name the program's blob: URL. */
const PROGRAM = 'blob:http://127.0.0.1:4421/ea66d6cd-4fd6-493c-a1b4-e19bec64e9e7';
const WK_BOOT = 'blob:http://127.0.0.1:4421/ee1b2462-4ab0-4525-ba7d-c157e1794f2a';
const JSC = {
  top: `inner@${PROGRAM}:1:36\nmodule code@${PROGRAM}:15:21`,
  method: `inner@${PROGRAM}:1:36\nmain@${PROGRAM}:11:14\nmain@${PROGRAM}:8:28\n@${WK_BOOT}:1:84`,
  awaited: `inner@${PROGRAM}:1:36\ntask@${PROGRAM}:4:8`,
};

const traceback = (stack: string, urls: string[] = []) => {
  const err = new Error('boom');
  err.stack = stack;
  return formatTraceback(err, SOURCE, 'main.ts', urls);
};

describe('userFrames reads the frames of every engine', () => {
  it('V8 (Chromium, Node): `at fn (main.ts:L:C)`, `at main.ts:L:C`, `at async Module.fn (…)`', () => {
    expect(userFrames(V8.top, 'main.ts')).toEqual([
      { fn: 'inner', line: 1 },
      { fn: '<module>', line: 15 },
    ]);
    expect(userFrames(V8.method, 'main.ts').map((f) => `${f.fn}:${f.line}`)).toEqual([
      'inner:1',
      'Worker2.run:6',
      'arrow:7',
      'main:11',
    ]);
    expect(userFrames(V8.awaited, 'main.ts').map((f) => `${f.fn}:${f.line}`)).toEqual(['inner:1', 'task:4', 'main:12']);
  });

  it('SpiderMonkey (Firefox): `fn@main.ts:L:C`, the module code as `@main.ts:L:C`', () => {
    expect(userFrames(SPIDERMONKEY.top, 'main.ts')).toEqual([
      { fn: 'inner', line: 1 },
      { fn: '<module>', line: 15 },
    ]);
    expect(userFrames(SPIDERMONKEY.method, 'main.ts').map((f) => `${f.fn}:${f.line}`)).toEqual([
      'inner:1',
      'run:6',
      'arrow:7',
      'main:11',
    ]);
  });

  it('JavaScriptCore (Safari, WebKit): `fn@blob:…:L:C` and `module code@…`, by the URL the program came from', () => {
    expect(userFrames(JSC.top, 'main.ts')).toEqual([]); // by file name alone there is nothing to find
    expect(userFrames(JSC.top, 'main.ts', [PROGRAM])).toEqual([
      { fn: 'inner', line: 1 },
      { fn: '<module>', line: 15 },
    ]);
    expect(userFrames(JSC.awaited, 'main.ts', [PROGRAM]).map((f) => `${f.fn}:${f.line}`)).toEqual([
      'inner:1',
      'task:4',
    ]);
  });

  it('a stack no engine writes gives no frames, and the error line still prints', () => {
    expect(userFrames('nothing to see here', 'main.ts')).toEqual([]);
    expect(traceback('nothing to see here')).toBe('Error: boom\n');
  });
});

describe('the same traceback, with TypeScript lines, in every engine', () => {
  const want = [
    'Traceback (most recent call last):',
    '  File "main.ts", line 15, in <module>',
    '    let top; try { inner(0); } catch (e) { top = e.stack; }',
    '  File "main.ts", line 1, in inner',
    '    function inner(x) { throw new Error("boom " + x); }',
    'Error: boom',
    '',
  ].join('\n');

  it.each([
    ['V8', V8.top, []],
    ['SpiderMonkey', SPIDERMONKEY.top, []],
    ['JavaScriptCore', JSC.top, [PROGRAM]],
  ])('%s', (_engine, stack, urls) => {
    expect(traceback(stack, urls)).toBe(want);
  });
});
