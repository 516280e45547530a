// A JS error as a Python traceback that quotes the user's TypeScript lines (sucrase keeps line numbers).
import { inspect } from './inspect';

interface Frame {
  fn: string;
  line: number;
}

/** Frames of `stack` that point into the user's file, innermost first. */
export function userFrames(stack: string, filename: string): Frame[] {
  const frames: Frame[] = [];
  const esc = filename.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // V8: "    at fn (main.ts:5:9)", "    at main.ts:5:9"; SpiderMonkey/JSC: "fn@main.ts:5:9"
  // (an awaited frame of module code reads "at async main.ts:8:3", with no function name and no parentheses)
  const v8 = new RegExp(`^\\s*at (?:async )?(?:(.*?) \\()?(?:[^\\s()]*/)?${esc}:(\\d+):\\d+\\)?$`);
  const gecko = new RegExp(`^(.*?)@(?:[^\\s@]*/)?${esc}:(\\d+):\\d+$`);
  for (const raw of stack.split('\n')) {
    const m = v8.exec(raw) ?? gecko.exec(raw);
    if (!m) continue;
    let fn = (m[1] ?? '')
      .replace(/^async /, '')
      .replace(/ \[as .*\]$/, '')
      .replace(/^Object\./, '');
    if (fn === '' || fn === 'eval') fn = '<module>';
    frames.push({ fn, line: Number(m[2]) });
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
export function formatTraceback(err: unknown, source: string, filename: string): string {
  const cause = err instanceof Error ? (err as { cause?: unknown }).cause : undefined;
  if (cause instanceof Error) {
    // Python: the cause first, then "The above exception was the direct cause of the following exception:".
    const first =
      cause.name === 'RemoteTraceback' ? `${cause.name}: ${cause.message}\n` : formatTraceback(cause, source, filename);
    return `${first}\nThe above exception was the direct cause of the following exception:\n\n${formatOne(err, source, filename)}`;
  }
  return formatOne(err, source, filename);
}

function formatOne(err: unknown, source: string, filename: string): string {
  const lines = source.split('\n');
  const stack = err instanceof Error && typeof err.stack === 'string' ? err.stack : '';
  const out: string[] = [];
  const frames = userFrames(stack, filename).reverse();
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
