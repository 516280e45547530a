// The built-ins the runtime relies on, taken when it loads (before any user code runs), as Node's internals
// keep "primordials": a program that patches a prototype or a global then breaks only its own code.
const { apply } = Reflect;

export const PromiseCtor = Promise;
const promiseProtoThen = Promise.prototype.then;

/** `p.then(a, b)` with the engine's own `then`, whatever the program did to `Promise.prototype`. */
export function promiseThen<T>(
  p: PromiseLike<T>,
  onFulfilled?: ((value: T) => unknown) | null,
  onRejected?: ((reason: unknown) => unknown) | null,
): Promise<unknown> {
  return apply(promiseProtoThen, p, [onFulfilled, onRejected]) as Promise<unknown>;
}
