// A JS error as a Python traceback that quotes the user's TypeScript lines (sucrase keeps line numbers).
import ErrorStackParser from 'error-stack-parser';
import { inspect } from './inspect';

interface Frame {
  fn: string;
  line: number;
}

/** The parser, whichever way the bundler hands over its CommonJS export (`module.exports.default`). */
const parser = ((ErrorStackParser as unknown as { default?: typeof ErrorStackParser }).default ??
  ErrorStackParser) as typeof ErrorStackParser;

/** Function names that mean "the module's own code" in V8 (none, `eval`), SpiderMonkey (none) and JSC. */
const MODULE_CODE: ReadonlySet<string> = new Set(['', 'eval', '<anonymous>', 'module code', 'global code']);

/**
 * Frames of `stack` that point into the user's program, innermost first: its file is `filename` (V8 and
 * SpiderMonkey honour the `//# sourceURL` the compiler adds) or one of `urls`, the URLs the program was
 * imported from (JavaScriptCore names a module by its URL, a blob: URL in the browser). Frames as V8
 * (`    at fn (main.ts:5:9)`), SpiderMonkey and JavaScriptCore (`fn@main.ts:5:9`) write them, read by
 * error-stack-parser.
 */
export function userFrames(stack: string, filename: string, urls: readonly string[] = []): Frame[] {
  let parsed: ReturnType<typeof parser.parse>;
  try {
    parsed = parser.parse({ stack } as Error);
  } catch {
    return []; // not a stack any engine writes
  }
  const frames: Frame[] = [];
  for (const f of parsed) {
    const file = (f.fileName ?? '').replace(/^async /, ''); // V8's awaited module frame: "at async main.ts:8:3"
    const mine = file === filename || file.endsWith(`/${filename}`) || urls.includes(file);
    if (!mine || f.lineNumber === undefined) continue;
    let fn = (f.functionName ?? '')
      .replace(/^async\*/, '') // SpiderMonkey's async frames
      .replace(/^async /, '')
      .replace(/ \[as .*\]$/, '')
      .replace(/^(Object|Module)\./, '');
    if (MODULE_CODE.has(fn)) fn = '<module>';
    frames.push({ fn, line: f.lineNumber });
  }
  return frames;
}

/** The last line of a Python traceback: `ValueError: boom`. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const msg = err.message;
    return msg ? `${err.name}: ${msg}` : err.name;
  }
  return `Exception: ${inspect(err, 1)} (a thrown value that is not an Error)`;
}

/** Formats an uncaught error as CPython prints it, with the user's lines from `source`. */
export function formatTraceback(err: unknown, source: string, filename: string, urls: readonly string[] = []): string {
  const cause = err instanceof Error ? (err as { cause?: unknown }).cause : undefined;
  if (cause instanceof Error) {
    // Python: the cause first, then "The above exception was the direct cause of the following exception:".
    const first =
      cause.name === 'RemoteTraceback'
        ? `${cause.name}: ${cause.message}\n`
        : formatTraceback(cause, source, filename, urls);
    return `${first}\nThe above exception was the direct cause of the following exception:\n\n${formatOne(err, source, filename, urls)}`;
  }
  return formatOne(err, source, filename, urls);
}

function formatOne(err: unknown, source: string, filename: string, urls: readonly string[]): string {
  const lines = source.split('\n');
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  const out: string[] = [];
  const frames = userFrames(stack, filename, urls).reverse();
  if (frames.length) {
    out.push('Traceback (most recent call last):');
    for (const f of frames) {
      out.push(`  File "${filename}", line ${f.line}, in ${f.fn}`);
      const text = lines[f.line - 1]?.trim();
      if (text) out.push(`    ${text}`);
    }
  }
  out.push(describeError(err));
  const notes = err instanceof Error ? (err as { __notes__?: unknown }).__notes__ : undefined;
  if (Array.isArray(notes)) for (const note of notes) out.push(String(note));
  return out.join('\n') + '\n';
}
