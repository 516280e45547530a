// The user's line that made a blocking call (Python Tutor's habit: show where each process waits), from the stack.
import type { Call } from '../protocol/messages';
import { userFrames } from './traceback';

/**
 * Object methods that never keep the caller waiting on the user's behalf: a Pool worker's own `take` (the
 * worker loop, no user frame) and the instant queries. Their calls carry no line, and cost no stack.
 */
const NO_LINE: ReadonlySet<string> = new Set(['take', 'qsize', 'empty', 'full', 'getValue']);

/**
 * The line of `filename` (the user's module) whose code made `call`: the innermost frame in that file, on
 * V8's stack (async frames included) or SpiderMonkey's and JSC's. Undefined when no frame is the user's
 * (a Pool worker's loop, an engine without async stacks after an `await` inside the runtime).
 */
export function callLine(call: Call, filename: string): number | undefined {
  if (call.op === 'obj' && NO_LINE.has(call.method)) return undefined;
  const stack = new Error().stack;
  if (typeof stack !== 'string') return undefined;
  return userFrames(stack, filename)[0]?.line;
}
