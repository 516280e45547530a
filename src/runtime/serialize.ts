// "Pickling" for spawn: functions and class instances travel by name (they must be top-level), the
// rest by structured clone. Errors read like CPython's.
import { HANDLE_TAG } from '../protocol/messages';
import { PicklingError, RuntimeError } from './errors';

/** Shared objects (queues, locks…) expose how they travel under this symbol. */
export const HANDLE = Symbol.for('mpplay.handle');
export interface HandleRef {
  kind: string;
  id: string;
  /** Extra data the handle needs in the other process (a SharedArrayBuffer, a pipe end's direction…). */
  extra?: Record<string, unknown>;
}
/** Turns a handle marker back into this process's handle object. */
export type HandleFor = (ref: HandleRef) => unknown;

const TAG = '__mpplay_ref__';

/** Finds a top-level binding's name for a value (identity), or null. */
export type NameOf = (value: unknown) => string | null;
/** Looks a top-level name up in this process's own evaluation of the module. */
export type Lookup = (name: string) => unknown;

/** The message CPython 3.14 gives for a function it cannot pickle by reference. */
export function cannotPickle(fn: unknown): PicklingError {
  const raw = (fn as { name?: unknown } | null)?.name;
  const name = typeof raw === 'string' && raw ? raw.replace(/^bound /, '') : '<lambda>';
  return new PicklingError(
    `Can't pickle <function ${name}>: it's not found as __main__.${name}` +
      ' (a process target or argument must be a function or class declared at the top level of the module)',
  );
}

/** Encodes `value` for a child: functions and instances of top-level classes by name. Throws PicklingError. */
export function serialize(value: unknown, nameOf: NameOf, spawning = true, seen: Set<object> = new Set()): unknown {
  if (typeof value === 'function') {
    const name = nameOf(value);
    if (name === null) throw cannotPickle(value);
    return { [TAG]: 'fn', name };
  }
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'symbol')
      throw new PicklingError(`Can't pickle ${value.toString()}: symbols cannot be sent to another process`);
    return value;
  }
  if (seen.has(value)) return value; // structured clone keeps cycles
  const handle = (value as { [HANDLE]?: () => HandleRef })[HANDLE];
  if (typeof handle === 'function') {
    const ref = handle.call(value);
    if (!spawning) {
      throw new RuntimeError(`${ref.kind} objects should only be shared between processes through inheritance`);
    }
    return { [HANDLE_TAG]: ref.kind, id: ref.id, extra: ref.extra ?? {} };
  }
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => serialize(v, nameOf, spawning, seen));
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = serialize(v, nameOf, spawning, seen);
    return out;
  }
  const ctor = (proto as { constructor?: unknown }).constructor;
  const cls = typeof ctor === 'function' ? nameOf(ctor) : null;
  if (cls !== null) {
    const state: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) state[k] = serialize(v, nameOf, spawning, seen);
    return { [TAG]: 'obj', cls, state };
  }
  return value; // Map, Set, Date, typed arrays…: structured clone handles them
}

/** Decodes what `serialize` made, resolving names in this process's module. */
export function deserialize(value: unknown, lookup: Lookup, handleFor?: HandleFor): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => deserialize(v, lookup, handleFor));
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== Object.prototype && proto !== null) return value;
  const rec = value as Record<string, unknown>;
  if (typeof rec[HANDLE_TAG] === 'string' && handleFor) {
    return handleFor({ kind: rec[HANDLE_TAG], id: rec.id as string, extra: rec.extra as Record<string, unknown> });
  }
  if (rec[TAG] === 'fn') return lookup(rec.name as string);
  if (rec[TAG] === 'obj') {
    const Cls = lookup(rec.cls as string) as { prototype: object };
    const obj = Object.create(Cls.prototype) as Record<string, unknown>;
    for (const [k, v] of Object.entries(rec.state as Record<string, unknown>))
      obj[k] = deserialize(v, lookup, handleFor);
    return obj;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) out[k] = deserialize(v, lookup, handleFor);
  return out;
}

/** Checks now, synchronously, that `value` survives structured clone (postMessage would fail later). */
export function assertCloneable(value: unknown, what: string): void {
  try {
    structuredClone(value);
  } catch (e) {
    throw new PicklingError(`Can't pickle ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
