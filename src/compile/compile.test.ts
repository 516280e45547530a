// The compile step: line numbers kept, names registered, builtin imports mapped, clear errors.
import { describe, expect, it } from 'vitest';
import { MODULE_PLACEHOLDER } from '../protocol/messages';
import { compile, CompileError } from '.';

describe('compile', () => {
  it('keeps every line where it was, so tracebacks name the TypeScript lines', async () => {
    const src = [
      'import { Process } from "multiprocessing";',
      'interface Point { x: number }',
      'type T = string;',
      'async function task(p: Point): Promise<void> {',
      '  throw new Error("line 5");',
      '}',
    ].join('\n');
    const { code } = await compile(src);
    const lines = code.split('\n');
    expect(lines[4]).toContain('throw new Error("line 5")');
    expect(lines).toHaveLength(src.split('\n').length + 1); // + the sourceURL comment
    expect(lines.at(-1)).toBe('//# sourceURL=main.ts');
  });

  it('registers every top-level name on line 1 and maps builtin imports', async () => {
    const { code } = await compile(
      'import { Process } from "multiprocessing";\nimport * as time from "time";\nfunction task() { return time.sleep(1); }\nclass P extends Process {}\nconst f = async () => 1;\nif (true) { const inner = 1; }\n',
    );
    const first = code.split('\n')[0]!;
    expect(first).toMatch(
      /^__mp_register\(\{get Process\(\)\{return Process\},get time\(\)\{return time\},get task\(\)\{return task\},get P\(\)\{return P\},get f\(\)\{return f\}\}\);/,
    );
    expect(first).not.toContain('inner');
    expect(code).toContain(JSON.stringify(`${MODULE_PLACEHOLDER}multiprocessing`));
    expect(code).toContain(JSON.stringify(`${MODULE_PLACEHOLDER}time`));
    expect(code).not.toMatch(/from "time"/);
  });

  it('rejects a module that is not one of the builtins, saying which ones exist', async () => {
    const e = await compile('import { array } from "numpy";\nprint(array);\n').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CompileError);
    expect((e as CompileError).message).toBe(
      "Cannot find module 'numpy': an mpplay program is one file and can import 'multiprocessing', 'time', 'os', 'random', 'queue', 'sys'.",
    );
    expect((e as CompileError).line).toBe(1);
  });

  it('reports a syntax error with its 1-based line and column', async () => {
    const e = await compile('const a = 1;\nlet x = ;\n').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CompileError);
    expect((e as CompileError).message).toBe('SyntaxError: Unexpected token');
    expect([(e as CompileError).line, (e as CompileError).column]).toEqual([2, 9]);
  });
});

describe('using declarations', () => {
  it('lowers `await using` and `using` to try/finally on the same lines, disposing in reverse order', async () => {
    const src = [
      'async function f(lock: any, other: any) {',
      '  await using a = await lock.hold();',
      '  using b = other();',
      '  work();',
      '}',
      'await using top = await g();',
      'more();',
    ].join('\n');
    const { code } = await compile(src);
    const lines = code.split('\n');
    expect(lines).toHaveLength(src.split('\n').length + 1);
    expect(lines[1]).toBe('  const a = await lock.hold(); try {');
    expect(lines[2]).toBe('  const b = other(); try {');
    expect(lines[4]).toBe('} finally { __mp_dispose(b, false); }} finally { await __mp_dispose(a, true); }}');
    expect(lines[5]).toBe('const top = await g(); try {');
    expect(lines[6]).toBe('more();} finally { await __mp_dispose(top, true); }');
  });

  it('finds the end of a declaration and of its block past object literals, arrows and templates', async () => {
    const src = [
      'async function f() {',
      '  await using pool = new Pool(2, { initializer: () => { ready(); }, initargs: [`${q}`] });',
      '  const opts = { a: { b: 1 } };',
      '  if (opts.a) { work(opts); }',
      '}',
      'after();',
    ].join('\n');
    const { code } = await compile(src);
    const lines = code.split('\n');
    expect(lines[1]).toBe('  const pool = new Pool(2, { initializer: () => { ready(); }, initargs: [`${q}`] }); try {');
    expect(lines[2]).toBe('  const opts = { a: { b: 1 } };');
    expect(lines[3]).toBe('  if (opts.a) { work(opts); }');
    expect(lines[4]).toBe('} finally { await __mp_dispose(pool, true); }}');
    expect(lines[5]).toBe('after();');
  });

  it('leaves other uses of the word alone', async () => {
    const { code } = await compile('const using = 1;\nfunction usingIt(using: number) { return using; }\n');
    expect(code).toContain('const using = 1;');
    expect(code).not.toContain('__mp_dispose');
  });
});
