// The limits of a run (KernelOptions), their defaults, and the words both the kernel and the runtime use for them.

/** Live processes at once, MainProcess included: start() beyond raises BlockingIOError (a failing fork's). */
export const DEFAULT_MAX_PROCESSES = 512;
/** Bytes the items in a run's queues and pipes may hold at once: a put beyond raises MemoryError. */
export const DEFAULT_MAX_HELD_BYTES = 256 * 1024 * 1024;
/** Output kept in the run's stored trace (characters, lines): older lines are dropped beyond, with a note. */
export const DEFAULT_MAX_OUTPUT_CHARS = 32 * 1024 * 1024;
export const DEFAULT_MAX_OUTPUT_LINES = 200_000;

const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** The note of BlockingIOError at start(): why, and what to do. */
export function processCapNote(cap: number): string {
  return `mpplay runs at most ${cap} live processes at once; join some before starting more`;
}

/** The message of MemoryError at a put or send that would pass the cap. */
export function heldCapMessage(cap: number): string {
  return (
    `the queues and pipes of this run would hold more than ${mb(cap)} (mpplay's cap): ` +
    'let a consumer get() or recv() items before putting more'
  );
}

/**
 * Roughly how many bytes `v` takes once copied into another process (structured clone): enough to cap memory,
 * cheap for the usual items (a number costs nothing to measure). Shared structure and cycles count once.
 */
export function approxBytes(v: unknown, seen?: Set<object>): number {
  switch (typeof v) {
    case 'number':
      return 8;
    case 'string':
      return 16 + v.length * 2;
    case 'boolean':
    case 'undefined':
      return 4;
    case 'bigint':
      return 16 + Math.ceil(v.toString(16).length / 2);
    case 'object':
      break;
    default:
      return 8;
  }
  if (v === null) return 4;
  if (ArrayBuffer.isView(v)) return 32 + v.byteLength;
  if (v instanceof ArrayBuffer) return 32 + v.byteLength;
  const s = seen ?? new Set<object>();
  if (s.has(v)) return 8;
  s.add(v);
  let n = 32;
  if (Array.isArray(v)) {
    for (const x of v) n += 8 + (typeof x === 'number' ? 0 : approxBytes(x, s));
  } else if (v instanceof Map) {
    for (const [k, x] of v) n += 16 + approxBytes(k, s) + approxBytes(x, s);
  } else if (v instanceof Set) {
    for (const x of v) n += 8 + approxBytes(x, s);
  } else {
    for (const k of Object.keys(v)) n += 16 + k.length * 2 + approxBytes((v as Record<string, unknown>)[k], s);
  }
  return n;
}
