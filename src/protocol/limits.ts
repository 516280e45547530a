// The limits of a run (KernelOptions), their defaults, and the words both the kernel and the runtime use for them.

/** Live processes at once, MainProcess included: start() beyond raises BlockingIOError (a failing fork's). */
export const DEFAULT_MAX_PROCESSES = 512;
/** Bytes the items in a run's queues, pipes and pools may hold at once: a put beyond raises MemoryError. */
export const DEFAULT_MAX_HELD_BYTES = 256 * 1024 * 1024;
/** Output kept in the run's stored trace (characters, lines): older lines are dropped beyond, with a note. */
export const DEFAULT_MAX_OUTPUT_CHARS = 32 * 1024 * 1024;
export const DEFAULT_MAX_OUTPUT_LINES = 200_000;

/** A cap in words: MB from 1 MB, KB below, bytes below 1 KB (a cap of 40 KB read "0 MB"). */
export function capSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}

/** The note of BlockingIOError at start(): why, and what to do. */
export function processCapNote(cap: number): string {
  return `mpplay runs at most ${cap} live processes at once; join some before starting more`;
}

/** The message of MemoryError at a put, send or pool task that would pass the cap. */
export function heldCapMessage(cap: number): string {
  return (
    `the queues, pipes and pools of this run would hold more than ${capSize(cap)} (mpplay's cap): ` +
    'let a consumer get() or recv() items, or a pool finish its tasks, before putting more'
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

/**
 * The line a process ends with when its worker ended under it without the process exiting (its code closed the
 * worker or ended its thread, or the engine ended it): the kernel stops waiting for it, and the run goes on.
 */
export function workerGoneMessage(how: string): string {
  return (
    `SystemError: this process stopped answering mpplay's kernel: its worker ended (${how}) before the process ` +
    'exited, so it was ended with exit code 1. A process ends by returning from its target or raising SystemExit'
  );
}
