// Value and Array in a SharedArrayBuffer: `v.value += 1` is a real, racy read-modify-write across processes
// (the Lock lesson); `await using _ = await v.getLock().hold()` makes it safe.
import { AttributeError, IndexError, RuntimeError, ValueError } from '../errors';
import type { ProcessRuntime } from '../runtime';
import { HANDLE, type HandleRef } from '../serialize';
import { keyOf } from '../../protocol/sched/ops';

type Typed =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

const TYPES: Record<
  string,
  { ctor: new (b: SharedArrayBuffer, o?: number, n?: number) => Typed; bytes: number; int: boolean; c: string }
> = {
  b: { ctor: Int8Array, bytes: 1, int: true, c: 'c_byte' },
  B: { ctor: Uint8Array, bytes: 1, int: true, c: 'c_ubyte' },
  c: { ctor: Uint8Array, bytes: 1, int: true, c: 'c_char' },
  h: { ctor: Int16Array, bytes: 2, int: true, c: 'c_short' },
  H: { ctor: Uint16Array, bytes: 2, int: true, c: 'c_ushort' },
  i: { ctor: Int32Array, bytes: 4, int: true, c: 'c_int' },
  I: { ctor: Uint32Array, bytes: 4, int: true, c: 'c_uint' },
  l: { ctor: BigInt64Array, bytes: 8, int: true, c: 'c_long' },
  L: { ctor: BigUint64Array, bytes: 8, int: true, c: 'c_ulong' },
  q: { ctor: BigInt64Array, bytes: 8, int: true, c: 'c_longlong' },
  Q: { ctor: BigUint64Array, bytes: 8, int: true, c: 'c_ulonglong' },
  f: { ctor: Float32Array, bytes: 4, int: false, c: 'c_float' },
  d: { ctor: Float64Array, bytes: 8, int: false, c: 'c_double' },
};

/**
 * Why Value/Array cannot work here, or null when they can. Two cases, told apart: a page that is not
 * cross-origin isolated (the browser keeps SharedArrayBuffer from it), and a browser that has none even on an
 * isolated page (WebKitGTK, whose JavaScriptCore ships with it switched off).
 */
export function sharedMemoryProblem(
  env: { sab: boolean; isolated: unknown } = {
    sab: typeof SharedArrayBuffer === 'function',
    isolated: (globalThis as { crossOriginIsolated?: unknown }).crossOriginIsolated,
  },
): string | null {
  if (env.sab) return null;
  if (env.isolated === true) {
    return (
      'Value and Array live in shared memory (SharedArrayBuffer), which this browser does not provide, although ' +
      'this page is cross-origin isolated (WebKitGTK, for one, ships with it switched off; Safari, Chrome and ' +
      'Firefox have it). Run this example in one of those browsers; everything else works here.'
    );
  }
  return (
    'Value and Array live in shared memory (SharedArrayBuffer), which this page does not have: it is not ' +
    'cross-origin isolated, as happens in an embedded iframe on another site or on a static host without the ' +
    'COOP/COEP headers. Open this example in the full mpplay playground to run it; everything else works here.'
  );
}

function typeOf(typecode: unknown) {
  const t = typeof typecode === 'string' ? TYPES[typecode] : undefined;
  if (!t) throw new TypeError('this type has no size');
  return t;
}

export function makeShared(
  rt: ProcessRuntime,
  lockClasses: { RLock: new () => object; SemLock: abstract new (...a: never[]) => object },
) {
  interface VState {
    view: Typed;
    typecode: string;
    lock: object | null;
    buffer: SharedArrayBuffer;
    /** Names the buffer in a controlled run's scheduling points (the same in every process). */
    key: number;
    /** An Array (not a Value), for the labels of those points. */
    array?: boolean;
  }
  const states = new WeakMap<object, VState>();

  const read = (s: VState, i: number): number => {
    rt.sched?.sharedMemory(false, s.key, i, s.array); // a controlled run's scheduling point
    const v = s.view[i]!;
    return typeof v === 'bigint' ? Number(v) : v;
  };
  const write = (s: VState, i: number, x: unknown, point = true) => {
    if (point) rt.sched?.sharedMemory(true, s.key, i, s.array);
    const t = TYPES[s.typecode]!;
    if (typeof x !== 'number' && typeof x !== 'bigint')
      throw new TypeError(`${t.int ? 'int' : 'float'} expected instead of ${typeof x}`);
    if (t.int && typeof x === 'number' && !Number.isInteger(x)) throw new TypeError('int expected instead of float');
    if (s.view instanceof BigInt64Array || s.view instanceof BigUint64Array) s.view[i] = BigInt(x);
    else s.view[i] = Number(x);
  };

  const lockFor = (opt: unknown): object | null => {
    if (opt === false) return null;
    if (opt === undefined || opt === null || opt === true) return new lockClasses.RLock();
    if (opt instanceof lockClasses.SemLock) return opt;
    throw new AttributeError(`'${String(opt)}' has no method 'acquire'`);
  };

  const alloc = (typecode: string, n: number): { buffer: SharedArrayBuffer; view: Typed } => {
    const problem = sharedMemoryProblem();
    if (problem) throw new RuntimeError(problem);
    const t = typeOf(typecode);
    const buffer = new SharedArrayBuffer(Math.max(1, n) * t.bytes);
    return { buffer, view: new t.ctor(buffer, 0, n) };
  };

  /** @py multiprocessing.sharedctypes.Synchronized (what Value returns) */
  class SharedValue {
    /** The number in shared memory. Reading then writing it is two steps: another process can slip in between. */
    get value(): number {
      return read(states.get(this)!, 0);
    }
    set value(x: number) {
      write(states.get(this)!, 0, x);
    }
    /** @py Synchronized.get_lock */
    getLock(): object {
      const l = states.get(this)!.lock;
      if (!l) throw new AttributeError(`'${TYPES[states.get(this)!.typecode]!.c}' object has no attribute 'get_lock'`);
      return l;
    }
    [HANDLE](): HandleRef {
      return handleOf(this, 'Value');
    }
    toString(): string {
      const s = states.get(this)!;
      const inner = `${TYPES[s.typecode]!.c}(${this.value})`;
      return s.lock ? `<Synchronized wrapper for ${inner}>` : inner;
    }
  }

  /** @py multiprocessing.sharedctypes.SynchronizedArray (what Array returns); index it like an array. */
  class SharedArray {
    get length(): number {
      return states.get(this)!.view.length;
    }
    getLock(): object {
      const l = states.get(this)!.lock;
      if (!l)
        throw new AttributeError(
          `'${TYPES[states.get(this)!.typecode]!.c}_Array_${this.length}' object has no attribute 'get_lock'`,
        );
      return l;
    }
    /** A copy of elements [start, end), like `arr[start:end]`. */
    slice(start = 0, end = this.length): number[] {
      const s = states.get(this)!;
      rt.sched?.sharedMemory(false, s.key, -1, true); // one point for the whole copy
      return Array.from(s.view.slice(start, end) as ArrayLike<number | bigint>, (v) => Number(v));
    }
    /** Writes `values` at `offset`; a length mismatch with `[start, end)` raises as slice assignment does. */
    assign(values: ArrayLike<number>, start = 0, end = start + values.length): void {
      if (end - start !== values.length) throw new ValueError('Can only assign sequence of same size');
      const s = states.get(this)!;
      rt.sched?.sharedMemory(true, s.key, -1, true); // one point for the whole assignment
      for (let i = 0; i < values.length; i++) write(s, start + i, values[i], false);
    }
    *[Symbol.iterator](): Iterator<number> {
      for (let i = 0; i < this.length; i++) yield read(states.get(this)!, i);
    }
    [HANDLE](): HandleRef {
      return handleOf(this, 'Array');
    }
    toString(): string {
      return `<SynchronizedArray wrapper for [${this.slice().join(', ')}]>`;
    }
  }

  const handleOf = (o: object, kind: 'Value' | 'Array'): HandleRef => {
    const s = states.get(o)!;
    const lock = s.lock as { [HANDLE]?: () => HandleRef } | null;
    return {
      kind,
      id: `shm:${rt.pid}:${kind}:${(s.buffer as unknown as { __id?: string }).__id ?? ''}`,
      extra: {
        buffer: s.buffer,
        typecode: s.typecode,
        length: s.view.length,
        lock: lock?.[HANDLE]?.() ?? null,
        key: s.key,
      },
    };
  };

  /** Index access (`arr[3]`, `arr[3] = 1`, `arr[-1]`) on top of SharedArray. */
  const indexed = (arr: SharedArray): SharedArray =>
    new Proxy(arr, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^-?\d+$/.test(key)) {
          let i = Number(key);
          if (i < 0) i += target.length;
          if (i < 0 || i >= target.length) throw new IndexError('invalid index');
          return read(states.get(target)!, i);
        }
        void receiver;
        const v = Reflect.get(target, key) as unknown; // getters run on the target, which holds the state
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
      set(target, key, value) {
        if (typeof key === 'string' && /^-?\d+$/.test(key)) {
          let i = Number(key);
          if (i < 0) i += target.length;
          if (i < 0 || i >= target.length) throw new IndexError('invalid index');
          write(states.get(target)!, i, value);
          return true;
        }
        return Reflect.set(target, key, value);
      },
    });

  let seq = 0;
  const register = (o: object, s: Omit<VState, 'key'>, kind: 'Value' | 'Array') => {
    const id = ((s.buffer as unknown as { __id?: string }).__id ??= String(++seq));
    states.set(o, { ...s, key: keyOf(`shm:${rt.pid}:${kind}:${id}`), array: kind === 'Array' });
  };

  /** @py multiprocessing.Value */
  function Value(typecode: string, init = 0, opts: { lock?: unknown } = {}): SharedValue {
    const t = typeOf(typecode);
    if (t.int && typeof init === 'number' && !Number.isInteger(init)) {
      throw new TypeError("'float' object cannot be interpreted as an integer");
    }
    const { buffer, view } = alloc(typecode, 1);
    const v = new SharedValue();
    register(v, { view, typecode, buffer, lock: lockFor(opts.lock) }, 'Value');
    write(states.get(v)!, 0, init);
    return v;
  }

  /** @py multiprocessing.Array — a length (zero-filled) or initial values. */
  function SharedArrayOf(
    typecode: string,
    sizeOrInit: number | ArrayLike<number>,
    opts: { lock?: unknown } = {},
  ): SharedArray {
    typeOf(typecode);
    const init = typeof sizeOrInit === 'number' ? null : Array.from(sizeOrInit);
    const n = init ? init.length : Number(sizeOrInit);
    if (!Number.isInteger(n) || n < 0) throw new ValueError('Array size must be a non-negative integer');
    const { buffer, view } = alloc(typecode, n);
    const a = new SharedArray();
    register(a, { view, typecode, buffer, lock: lockFor(opts.lock) }, 'Array');
    if (init) a.assign(init);
    return indexed(a);
  }

  const rebuild = (kind: 'Value' | 'Array') => (ref: HandleRef) => {
    const e = ref.extra as {
      buffer: SharedArrayBuffer;
      typecode: string;
      length: number;
      lock: HandleRef | null;
      key?: number;
    };
    const t = typeOf(e.typecode);
    const s: VState = {
      buffer: e.buffer,
      typecode: e.typecode,
      view: new t.ctor(e.buffer, 0, e.length),
      lock: e.lock ? (rt.handleFor(e.lock) as object) : null,
      key: typeof e.key === 'number' ? e.key : keyOf(ref.id),
      array: kind === 'Array',
    };
    const o = kind === 'Value' ? new SharedValue() : new SharedArray();
    states.set(o, s);
    return kind === 'Array' ? indexed(o as SharedArray) : o;
  };
  rt.handleFactories.set('Value', rebuild('Value'));
  rt.handleFactories.set('Array', rebuild('Array'));

  return { Value, Array: SharedArrayOf };
}
