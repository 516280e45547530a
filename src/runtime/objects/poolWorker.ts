// The loop a SpawnPoolWorker runs instead of a target: it takes chunks of tasks from its Pool in the kernel, runs
// them, and sends back each chunk's results (packed as one Float64Array when all are numbers) or its error.
import { POOL_LEASE_MS } from '../../protocol/messages';
import type { ProcessRuntime } from '../runtime';

type Fn = (...args: never[]) => unknown;

/** The most chunks a worker asks for at once (the kernel hands several only when a job's chunks are quick). */
const TAKE_AT_MOST = 256;

interface WireChunk {
  job: number;
  index: number;
  fn: string;
  items: unknown[] | Float64Array;
  star: boolean;
  kwds?: unknown;
  /** Handed with others on a guess that they are quick: give back the rest after a slow one. */
  guess: boolean;
}

/**
 * The loop a SpawnPoolWorker runs instead of a target: take chunks, run them in order, send each result,
 * repeat. A `take` may hand several chunks; each one still counts as one task for `maxtasksperchild`.
 */
export async function runPoolWorker(
  rt: ProcessRuntime,
  t: { pool: string; initializer: string | null; initargs: unknown[]; maxtasks: number | null },
): Promise<void> {
  if (t.initializer) await (rt.lookup(t.initializer) as Fn)(...(t.initargs.map((a) => rt.decodeItem(a)) as never[]));
  let done = 0;
  while (t.maxtasks === null || done < t.maxtasks) {
    const max = t.maxtasks === null ? TAKE_AT_MOST : Math.min(TAKE_AT_MOST, t.maxtasks - done);
    const chunks = (await rt.call({ op: 'obj', id: t.pool, method: 'take', args: [max], timeout: null })) as
      WireChunk[] | null;
    if (!chunks) return;
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      const t0 = rt.taskNow();
      const calls = rt.callCount;
      const answer = await runChunk(rt, chunk);
      // How long it ran, so the kernel knows whether this job's chunks are quick enough to hand out several.
      // A task that waited on the kernel (a sleep, a queue, a lock) takes as long as others make it: never quick.
      const ms = rt.callCount === calls ? rt.taskNow() - t0 : Infinity;
      // Several chunks handed on a guess that they are quick (the function was, in its last job): after one
      // that was not (it waited, or took a whole lease's time), the ones not started go back to the pool.
      const givesBack = chunk.guess && i + 1 < chunks.length && ms >= POOL_LEASE_MS;
      rt.send({ t: 'op', id: t.pool, method: 'result', args: [chunk.job, chunk.index, ...answer, ms, givesBack] });
      done++;
      if (givesBack) break;
    }
  }
}

async function runChunk(rt: ProcessRuntime, chunk: WireChunk): Promise<[boolean, unknown]> {
  try {
    const fn = rt.lookup(chunk.fn) as (...a: unknown[]) => unknown;
    const kwds = chunk.kwds === undefined ? undefined : rt.decodeItem(chunk.kwds);
    const items = chunk.items;
    const n = items.length;
    const packed = items instanceof Float64Array; // numbers: nothing to decode
    // Results go straight into a Float64Array while every one is a number (see packNumbers), else into a list.
    let numbers: Float64Array | null = n >= PACK_FROM ? new Float64Array(n) : null;
    let values: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const item = packed ? items[i] : rt.decodeItem(items[i]);
      let v = chunk.star ? fn(...(item as unknown[]), ...(kwds === undefined ? [] : [kwds])) : fn(item);
      // Only a promise costs an await: a synchronous function over 12,500 items must not pay 12,500 ticks.
      if (v instanceof Promise) v = await v;
      if (numbers) {
        if (typeof v === 'number') {
          numbers[i] = v;
          continue;
        }
        values = Array.from(numbers.subarray(0, i));
        numbers = null;
      }
      values.push(v);
    }
    return [true, numbers ?? encodeResults(rt, values)];
  } catch (e) {
    return [false, rt.wireError(e)];
  }
}

/** Lists shorter than this travel item by item (a typed array is not worth it). */
const PACK_FROM = 16;

/**
 * values[from, to) as one Float64Array (exact for every number, -0 and NaN included), which is copied
 * between threads at once instead of item by item; null for short lists or when anything is not a number.
 */
export function packNumbers(values: readonly unknown[], from: number, to: number): Float64Array | null {
  if (to - from < PACK_FROM) return null;
  const out = new Float64Array(to - from);
  for (let i = from; i < to; i++) {
    const v = values[i];
    if (typeof v !== 'number') return null;
    out[i - from] = v;
  }
  return out;
}

/** Results travel like items; one that cannot is CPython's MaybeEncodingError (O14), and the worker lives on. */
function encodeResults(rt: ProcessRuntime, values: unknown[]): unknown[] {
  return values.map((v) => {
    try {
      return rt.encodeItem(v);
    } catch (e) {
      const err = new Error(
        `Error sending result: '${String(v)}'. Reason: '${(e as Error).name}(${JSON.stringify((e as Error).message)})'`,
      );
      err.name = 'MaybeEncodingError';
      throw err;
    }
  });
}
