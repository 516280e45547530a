// Pickling by reference: the top-level names of a process's module, and items copied with functions by name.
import { AttributeError } from './errors';
import type { Handles } from './handles';
import { assertCloneable, cannotPickle, deserialize, serialize } from './serialize';

/** Getters for every top-level name of the module, registered by line 1 of the compiled module. */
export class ModuleNames {
  private readonly getters: Record<string, unknown> = {};

  /** Adds getters for top-level names (line 1 of the compiled module calls this). */
  register(getters: Record<string, unknown>): void {
    Object.defineProperties(this.getters, Object.getOwnPropertyDescriptors(getters));
  }

  /** The top-level name bound to exactly this value, or null. */
  nameOf(value: unknown): string | null {
    const hint = (value as { name?: unknown } | null)?.name;
    const names =
      typeof hint === 'string' && hint in this.getters
        ? [hint, ...Object.keys(this.getters)]
        : Object.keys(this.getters);
    for (const n of names) {
      try {
        if (this.getters[n] === value) return n;
      } catch {
        // not initialised yet (TDZ): cannot be this value
      }
    }
    return null;
  }

  /** The name of `fn`, or the error CPython raises when it cannot pickle it. */
  nameOfOrThrow(fn: (...a: unknown[]) => unknown): string {
    const n = this.nameOf(fn);
    if (n === null) throw cannotPickle(fn);
    return n;
  }

  /** Copies a queue item or message for another process (pickling): functions by name, no handles. */
  encode(item: unknown): unknown {
    if (item === null || typeof item !== 'object') {
      if (typeof item === 'function') return serialize(item, (v) => this.nameOf(v), false);
      return item;
    }
    const v = serialize(item, (x) => this.nameOf(x), false);
    assertCloneable(v, 'the item');
    return v;
  }

  /** The inverse of `encode`, in the receiving process (`filename`: its module's, for errors). */
  decode(v: unknown, filename: string, handles: Pick<Handles, 'handleFor'>): unknown {
    if (v === null || typeof v !== 'object') return v;
    return deserialize(
      v,
      (n) => this.lookup(n, filename),
      (ref) => handles.handleFor(ref),
    );
  }

  /** The value of a top-level name (CPython's unpickling by reference); `filename` names the module in errors. */
  lookup(name: string, filename: string): unknown {
    if (!(name in this.getters)) {
      throw new AttributeError(`Can't get attribute '${name}' on <module '__mp_main__' from '${filename}'>`);
    }
    try {
      return this.getters[name];
    } catch {
      throw new AttributeError(
        `Can't get attribute '${name}' on <module '__mp_main__' from '${filename}'>: it is not defined yet when the module finishes`,
      );
    }
  }
}
