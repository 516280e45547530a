// A process worker's global scope made safe before user code runs: no network, storage or channel to the page
// (each such API raises PermissionError), and the built-ins the runtime relies on locked, so that a program
// that patches a prototype or a global breaks only its own code, never its process's link to the kernel.
import { PermissionError } from './errors';

type Obj = Record<PropertyKey, unknown>;
type Ctor = { prototype: Obj };

/** What a process has not, by API, and why: each use raises `PermissionError: processes in mpplay have no …`. */
const ESCAPES: [what: string, names: string[]][] = [
  [
    'network',
    ['fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'EventSource', 'WebTransport', 'importScripts'],
  ],
  ['storage', ['indexedDB', 'caches']],
  ['channel to the page or other workers', ['BroadcastChannel', 'Worker', 'SharedWorker', 'postMessage', 'onmessage']],
];
/** The same, on `navigator` (a worker's WorkerNavigator). */
const NAVIGATOR_ESCAPES: [what: string, names: string[]][] = [
  ['storage', ['storage']],
  ['channel to the page or other workers', ['serviceWorker', 'locks']],
];

/** Names that are attributes (objects or handler slots), not functions: poisoned as getters and setters. */
const ATTRIBUTES: ReadonlySet<string> = new Set(['indexedDB', 'caches', 'onmessage']);

const hint = (what: string) =>
  what === 'channel to the page or other workers'
    ? '; processes talk to each other through Queue, Pipe and the other multiprocessing objects'
    : '';

/** The function that stands in for `name`: using it raises a clear Python-style error. */
function poisoned(what: string, name: string): () => never {
  const fail = function (): never {
    throw new PermissionError(`processes in mpplay have no ${what} (${name} is not available${hint(what)})`);
  };
  Object.defineProperty(fail, 'name', { value: name });
  return fail;
}

/** The object on `o`'s prototype chain that owns `key` (o itself first), or null. */
function ownerOf(o: object, key: PropertyKey): object | null {
  for (let x: object | null = o; x; x = Object.getPrototypeOf(x) as object | null) {
    if (Object.prototype.hasOwnProperty.call(x, key)) return x;
  }
  return null;
}

/**
 * Replaces `target[name]` wherever it is defined (on `target` or a prototype of it) by a poisoned, locked
 * property, and defines one on `target` where it is missing, so that every way to it (`self.fetch`,
 * `Object.getPrototypeOf(self).postMessage.call(self, …)`, `Function('return this')().fetch`) raises.
 */
function poison(target: object, name: string, what: string): boolean {
  const fail = poisoned(what, name);
  const owner = ownerOf(target, name) ?? target;
  const before = Object.getOwnPropertyDescriptor(owner, name);
  const accessor = before ? !('value' in before) : ATTRIBUTES.has(name);
  const desc: PropertyDescriptor = accessor
    ? // An attribute (indexedDB, onmessage): reading the handler slot gives null; anything else raises.
      {
        get: name.startsWith('on') ? () => null : fail,
        set: fail,
        configurable: false,
        enumerable: !!before?.enumerable,
      }
    : { value: fail, writable: false, configurable: false, enumerable: before?.enumerable ?? false };
  try {
    Object.defineProperty(owner, name, desc);
    return true;
  } catch {
    try {
      Object.defineProperty(target, name, desc); // the owner would not let go: shadow it
      return true;
    } catch {
      return false;
    }
  }
}

/** Makes every own property of `o` (but `except`) read-only and fixed; adding new ones stays possible. */
function lock(o: object | null | undefined, except: ReadonlySet<PropertyKey> = new Set()): void {
  if (!o) return;
  for (const key of Reflect.ownKeys(o)) {
    if (except.has(key)) continue;
    const d = Object.getOwnPropertyDescriptor(o, key)!;
    if (!d.configurable && (!('value' in d) || !d.writable)) continue;
    if ('value' in d) d.writable = false;
    d.configurable = false;
    try {
      Object.defineProperty(o, key, d);
    } catch {
      // an exotic property the engine keeps its own way: leave it
    }
  }
}

/**
 * A `then` that no built-in object has: every value the runtime resolves a promise with (a kernel reply, a
 * lease, an item) would otherwise become a "thenable" the program controls. Setting `then` on an object of
 * the program's own still works (it becomes its own property); setting it on a built-in prototype raises.
 */
function guardThen(proto: object): void {
  if (Object.prototype.hasOwnProperty.call(proto, 'then')) return;
  Object.defineProperty(proto, 'then', {
    get: () => undefined,
    set(this: object, v: unknown) {
      if (this === proto)
        throw new TypeError(
          "mpplay: a built-in prototype's `then` cannot be set (every such object would become a promise)",
        );
      Object.defineProperty(this, 'then', { value: v, writable: true, enumerable: true, configurable: true });
    },
    configurable: false,
    enumerable: false,
  });
}

const protoOf = (o: object): object => Object.getPrototypeOf(o) as object;

/** The global names whose values the runtime uses after user code has started (looked up at call time). */
const LOCKED_GLOBALS = [
  'Array',
  'ArrayBuffer',
  'Atomics',
  'BigInt',
  'BigInt64Array',
  'BigUint64Array',
  'Blob',
  'Boolean',
  'DataView',
  'Date',
  'Error',
  'EvalError',
  'Float32Array',
  'Float64Array',
  'Function',
  'Int16Array',
  'Int32Array',
  'Int8Array',
  'JSON',
  'Map',
  'Math',
  'MessageChannel',
  'MessagePort',
  'Number',
  'Object',
  'Promise',
  'Proxy',
  'RangeError',
  'ReferenceError',
  'Reflect',
  'RegExp',
  'Set',
  'SharedArrayBuffer',
  'String',
  'Symbol',
  'SyntaxError',
  'TypeError',
  'URIError',
  'URL',
  'Uint16Array',
  'Uint32Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'WeakMap',
  'WeakRef',
  'WeakSet',
  'clearInterval',
  'clearTimeout',
  'globalThis',
  'performance',
  'queueMicrotask',
  'setInterval',
  'setTimeout',
  'structuredClone',
];

/** Locks the built-ins the runtime's paths depend on: messages, batching, serialization, errors, exit. */
function lockIntrinsics(g: Obj): void {
  // Error.stackTraceLimit stays as the runtime sets it; Error.prepareStackTrace cannot be hijacked to hide lines.
  const E = Error as unknown as Obj;
  E.stackTraceLimit = 50;
  if (!Object.prototype.hasOwnProperty.call(E, 'prepareStackTrace')) {
    Object.defineProperty(E, 'prepareStackTrace', { value: undefined, writable: false, configurable: false });
  }
  lock(E, new Set(['stackTraceLimit']));
  const ctors = [
    'Array',
    'Map',
    'Set',
    'WeakMap',
    'WeakSet',
    'Promise',
    'Object',
    'String',
    'Number',
    'Symbol',
    'Function',
    'RegExp',
    'ArrayBuffer',
    'SharedArrayBuffer',
    'Date',
    'BigInt',
    'Boolean',
    'URL',
    'Blob',
    'MessagePort',
    'MessageChannel',
    'Performance',
    'EventTarget',
  ];
  for (const name of ctors) {
    const C = g[name];
    if (typeof C !== 'function') continue;
    lock(C);
    lock((C as unknown as Ctor).prototype, name === 'Function' ? new Set(['name', 'length']) : undefined);
  }
  const typed = protoOf(Int8Array) as Ctor; // %TypedArray%
  lock(typed);
  lock(typed.prototype);
  for (const o of [JSON, Reflect, Math, Atomics]) lock(o);
  // The iterators behind for…of, spread and destructuring.
  const iterators = [
    protoOf([][Symbol.iterator]()),
    protoOf(new Map()[Symbol.iterator]()),
    protoOf(new Set()[Symbol.iterator]()),
    protoOf(''[Symbol.iterator]()),
    protoOf(protoOf([][Symbol.iterator]())), // %IteratorPrototype%
    protoOf(protoOf((function* () {})())), // %GeneratorPrototype%
    protoOf(protoOf((async function* () {})())), // %AsyncGeneratorPrototype%
  ];
  for (const it of iterators) lock(it);
  // `then` on built-in prototypes whose instances the runtime resolves promises with.
  const thenless = [
    Object.prototype,
    Array.prototype,
    typed.prototype,
    Map.prototype,
    Set.prototype,
    Date.prototype,
    RegExp.prototype,
    Error.prototype,
    ArrayBuffer.prototype,
    Function.prototype,
  ];
  for (const p of thenless) guardThen(p);
  for (const name of LOCKED_GLOBALS) {
    if (!(name in g)) continue;
    const value = g[name];
    try {
      Object.defineProperty(g, name, { value, writable: false, configurable: false, enumerable: false });
    } catch {
      // a global the engine keeps non-configurable already
    }
  }
}

/** Wraps `addEventListener` so that nobody can listen for messages on the worker's own global scope. */
function guardGlobalListeners(g: Obj): void {
  const ET = g.EventTarget as Ctor | undefined;
  const proto = ET?.prototype;
  const add = proto?.addEventListener as ((this: unknown, type: string, ...rest: unknown[]) => void) | undefined;
  if (!proto || typeof add !== 'function') return;
  const fail = poisoned('channel to the page or other workers', "addEventListener('message')");
  const guarded = function (this: unknown, type: string, ...rest: unknown[]): void {
    if (this === g && (type === 'message' || type === 'messageerror')) fail();
    return Reflect.apply(add, this, [type, ...rest]) as void;
  };
  Object.defineProperty(guarded, 'name', { value: 'addEventListener' });
  Object.defineProperty(proto, 'addEventListener', { value: guarded, writable: false, configurable: false });
}

/** What could not be poisoned (an engine that would not let go of it): for tests and reports. */
export interface Poisoned {
  notPoisoned: string[];
}

/**
 * Poisons the network, storage and channel APIs of a worker's global scope `g` (and of its `navigator`), and
 * guards its `message` listeners. What the host took before (its own `postMessage`, its listener) still works.
 */
export function poisonEscapes(g: Obj): Poisoned {
  const notPoisoned: string[] = [];
  for (const [what, names] of ESCAPES) {
    for (const name of names) if (!poison(g, name, what)) notPoisoned.push(name);
  }
  const nav = g.navigator as object | undefined;
  if (nav) {
    for (const [what, names] of NAVIGATOR_ESCAPES) {
      for (const name of names) {
        if (ownerOf(nav, name) && !poison(nav, name, what)) notPoisoned.push(`navigator.${name}`);
      }
    }
  }
  guardGlobalListeners(g);
  return { notPoisoned };
}

/**
 * Hardens the global scope of a process worker, once, before its first process evaluates user code (after the
 * host has wired its transport, which keeps the references it took): `poisonEscapes`, then the built-ins the
 * runtime relies on locked. Never call it where tests share a realm: it changes the realm for good.
 */
export function hardenProcessScope(g: Obj = globalThis as unknown as Obj): Poisoned {
  const result = poisonEscapes(g);
  lockIntrinsics(g);
  return result;
}
