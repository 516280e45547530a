// Python's exception classes as the runtime raises them; `name` is set explicitly (bundlers rename classes).

/** Base of every Python-named error; `name` is the Python class name, as tracebacks print it. */
export class PyError extends Error {
  override name = 'Exception';
  constructor(message = '') {
    super(message);
  }
}
export class AssertionError extends PyError {
  override name = 'AssertionError';
}
export class ValueError extends PyError {
  override name = 'ValueError';
}
export class RuntimeError extends PyError {
  override name = 'RuntimeError';
}
export class EOFError extends PyError {
  override name = 'EOFError';
}
export class OSError extends PyError {
  override name = 'OSError';
}
/** @py BlockingIOError — `[Errno 11] Resource temporarily unavailable`: start() beyond the run's process cap. */
export class BlockingIOError extends OSError {
  override name = 'BlockingIOError';
}
/** @py MemoryError — a put or send that would pass the cap on what queues and pipes hold. */
export class MemoryError extends PyError {
  override name = 'MemoryError';
}
/** @py PermissionError — what a process gets for using the network, storage or a channel to the page. */
export class PermissionError extends OSError {
  override name = 'PermissionError';
}
export class NotImplementedError extends PyError {
  override name = 'NotImplementedError';
}
export class AttributeError extends PyError {
  override name = 'AttributeError';
}
export class IndexError extends PyError {
  override name = 'IndexError';
}
/** @py multiprocessing.ProcessError */
export class ProcessError extends PyError {
  override name = 'ProcessError';
}
/** @py multiprocessing.TimeoutError — not the builtin TimeoutError. */
export class TimeoutError extends ProcessError {
  override name = 'TimeoutError';
}
/** @py pickle.PicklingError */
export class PicklingError extends PyError {
  override name = 'PicklingError';
}
/** @py threading.BrokenBarrierError */
export class BrokenBarrierError extends RuntimeError {
  override name = 'BrokenBarrierError';
}
/** @py queue.Empty */
export class Empty extends PyError {
  override name = 'Empty';
}
/** @py queue.Full */
export class Full extends PyError {
  override name = 'Full';
}

/** Thrown by `sys.exit(code)`; the runtime turns it into the exit code (CPython's `_bootstrap` rules). */
export class SystemExit extends Error {
  override name = 'SystemExit';
  constructor(readonly code: unknown) {
    super(code === undefined || code === null ? '' : String(code));
  }
}

const BY_NAME: Record<string, new (message?: string) => Error> = {
  AssertionError,
  ValueError,
  RuntimeError,
  EOFError,
  OSError,
  BlockingIOError,
  MemoryError,
  PermissionError,
  NotImplementedError,
  AttributeError,
  IndexError,
  ProcessError,
  TimeoutError,
  PicklingError,
  BrokenBarrierError,
  Empty,
  Full,
  TypeError,
  RangeError,
};

/** @py multiprocessing.pool.RemoteTraceback — the traceback of an exception raised in another process. */
export class RemoteTraceback extends Error {
  override name = 'RemoteTraceback';
  constructor(traceback: string) {
    super(`\n"""\n${traceback}"""`);
  }
}

/** Rebuilds an error that came over the wire, as the same class when we know it; a remote traceback becomes its cause. */
export function errorFromWire(name: string, message: string, traceback?: string): Error {
  const Cls = BY_NAME[name];
  let e: Error;
  if (Cls) e = new Cls(message);
  else {
    e = new PyError(message);
    e.name = name;
  }
  if (traceback) (e as { cause?: unknown }).cause = new RemoteTraceback(traceback);
  return e;
}

/**
 * `err` with the stack of `site`, an Error made where the failing call was made (so the traceback names the
 * user's line, not the message handler that learned of the failure); `err` unchanged without a site.
 */
export function withCallSite<E extends Error>(err: E, site: Error | undefined): E {
  const stack = site?.stack;
  if (typeof stack !== 'string') return err;
  // V8 starts a stack with the error's own "Name: message" line (so it gets err's); SpiderMonkey and
  // JavaScriptCore give frames only.
  const nl = stack.indexOf('\n');
  const value = stack.startsWith(site!.name)
    ? `${err.message ? `${err.name}: ${err.message}` : err.name}${nl < 0 ? '' : stack.slice(nl)}`
    : stack;
  Object.defineProperty(err, 'stack', { value, writable: true, configurable: true });
  return err;
}

/** Adds a note to `err`, printed under its last traceback line (Python's `add_note`, PEP 678). */
export function addNote<E extends Error>(err: E, note: string): E {
  const e = err as E & { __notes__?: string[] };
  (e.__notes__ ??= []).push(note);
  return err;
}

/**
 * A blocking call's timeout as the user gave it: seconds (negative waits not at all) or null for none. Anything
 * else raises here, in the caller, as CPython's conversion does (the kernel refuses what a program cannot send).
 */
export function checkTimeout(t: unknown): asserts t is number | null {
  if (t === null) return;
  if (typeof t !== 'number') throw new TypeError(`timeout must be a number of seconds or null, not ${typeof t}`);
  if (Number.isNaN(t)) throw new ValueError('Invalid value NaN (not a number)');
}

/** The Python exceptions that are globals in every process. */
export const builtinErrors = {
  AssertionError,
  ValueError,
  RuntimeError,
  EOFError,
  OSError,
  NotImplementedError,
} as const;

/** The message CPython prints when a spawned child starts a process while it is still importing main. */
export const BOOTSTRAP_MESSAGE = `
        An attempt has been made to start a new process before the
        current process has finished its bootstrapping phase.

        This probably means that you are not using fork to start your
        child processes and you have forgotten to use the proper idiom
        in the main module:

            if __name__ == '__main__':
                freeze_support()
                ...

        The "freeze_support()" line can be omitted if the program
        is not going to be frozen to produce an executable.

        To fix this issue, refer to the "Safe importing of main module"
        section in https://docs.python.org/3/library/multiprocessing.html
        `;
