// TypeScript snippet → the Program every process evaluates: sucrase (keeps line numbers), a name
// registry prefix on line 1 (targets are found by name, as pickle does), builtin imports mapped, a Stop guard in
// every loop's condition (loopGuards.ts).
import { transform } from 'sucrase';
import { init as lexerInit, parse as lexImports } from 'es-module-lexer';
import type { Program } from '../protocol/messages';
import { BUILTIN_MODULES, MODULE_PLACEHOLDER } from '../protocol/messages';
import { topLevelNames } from './names';
import { addLoopGuards } from './loopGuards';
import { tokenize } from './tokens';
import { lowerUsing, UsingError } from './using';

/** A snippet that cannot run. `message` says what is wrong; `line`/`column` (1-based) say where. */
export class CompileError extends Error {
  override name = 'CompileError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

const BUILTINS: ReadonlySet<string> = new Set(BUILTIN_MODULES);

/** Compiles a user's TypeScript module; throws `CompileError` with a 1-based line and column. */
export async function compile(source: string, filename = 'main.ts'): Promise<Program> {
  let js: string;
  try {
    js = transform(source, { transforms: ['typescript'], disableESTransforms: true, filePath: filename }).code;
  } catch (e) {
    throw toCompileError(e);
  }
  try {
    js = lowerUsing(js);
  } catch (e) {
    if (e instanceof UsingError) throw new CompileError(`SyntaxError: ${e.message}`, ...lineCol(js, e.index));
    throw e;
  }
  // One tokenizing serves both: the guards add no declaration, so the names are those of the unguarded text.
  const tokens = tokenize(js);
  const names = topLevelNames(js, tokens);
  js = addLoopGuards(js, tokens);
  await lexerInit();
  let imports;
  try {
    [imports] = lexImports(js);
  } catch (e) {
    throw toCompileError(e);
  }
  let out = '';
  let last = 0;
  for (const im of imports) {
    if (im.type === 'import-meta') continue;
    const spec = im.specifier;
    if (spec === undefined) {
      throw new CompileError(
        `import() needs a plain string here; an mpplay program imports only ${list()}.`,
        ...lineCol(js, im.start),
      );
    }
    if (!BUILTINS.has(spec)) {
      throw new CompileError(
        `Cannot find module '${spec}': an mpplay program is one file and can import ${list()}.`,
        ...lineCol(js, im.start),
      );
    }
    // es-module-lexer 3: for static imports start..end excludes the quotes; for dynamic ones it includes them.
    const [s, e] = im.type === 'dynamic' ? [im.start, im.end] : [im.start - 1, im.end + 1];
    out += js.slice(last, s) + JSON.stringify(MODULE_PLACEHOLDER + spec);
    last = e;
  }
  out += js.slice(last);
  const prefix = `__mp_register({${names.map((n) => `get ${n}(){return ${n}}`).join(',')}});`;
  return { code: `${prefix}${out}\n//# sourceURL=${filename}`, source, filename };
}

function list(): string {
  return BUILTIN_MODULES.map((m) => `'${m}'`).join(', ');
}

function lineCol(text: string, index: number): [number, number] {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return [line, index - before.lastIndexOf('\n')];
}

function toCompileError(e: unknown): CompileError {
  const msg = e instanceof Error ? e.message : String(e);
  // sucrase: "Unexpected token (3:5)"; es-module-lexer: "Parse error @:3:5"
  const m = /\((\d+):(\d+)\)/.exec(msg) ?? /@:(\d+):(\d+)/.exec(msg);
  const line = m ? Number(m[1]) : 1;
  const column = m ? Number(m[2]) : 1; // sucrase's columns are already 1-based
  const text = msg.replace(/^Error transforming [^:]*: /, '').replace(/\s*\(\d+:\d+\)\s*$/, '');
  return new CompileError(`SyntaxError: ${text}`, line, column);
}
