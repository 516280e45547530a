// Small pure helpers of the kernel.
import { HANDLE_TAG } from '../protocol/messages';
import type { Clock } from './host';

/** Ids of every shared-object handle inside serialized spawn data (`{ [HANDLE_TAG]: kind, id }`). */
export function findHandles(value: unknown, out: string[] = [], depth = 0): string[] {
  if (value === null || typeof value !== 'object' || depth > 64) return out;
  if (Array.isArray(value)) {
    for (const v of value) findHandles(v, out, depth + 1);
    return out;
  }
  const rec = value as Record<string, unknown>;
  if (typeof rec[HANDLE_TAG] === 'string' && typeof rec.id === 'string') {
    out.push(rec.id);
    innerHandles(rec.extra, out, depth + 1); // a Condition's lock, a Value's lock
    return out;
  }
  for (const v of Object.values(rec)) findHandles(v, out, depth + 1);
  return out;
}

/** The handle refs (`{ kind, id, extra }`) a handle's `extra` carries: the lock inside a Condition or a Value. */
function innerHandles(extra: unknown, out: string[], depth: number): void {
  if (extra === null || typeof extra !== 'object' || depth > 64) return;
  for (const v of Object.values(extra as Record<string, unknown>)) {
    if (v === null || typeof v !== 'object') continue;
    const ref = v as Record<string, unknown>;
    if (typeof ref.kind === 'string' && typeof ref.id === 'string') {
      out.push(ref.id);
      innerHandles(ref.extra, out, depth + 1);
    }
  }
}

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function fallbackClock(): Clock {
  const g = globalThis as unknown as {
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(h: unknown): void;
  };
  return { now: () => Date.now(), setTimer: (ms, fn) => g.setTimeout(fn, ms), clearTimer: (h) => g.clearTimeout(h) };
}
