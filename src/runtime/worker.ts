// The worker entry: hosts one process after another in the same worker, each with a fresh runtime, fresh
// module instances and the globals the worker started with (what makes recycling a worker safe).
import type { Endpoint, KernelToProc, ProcToKernel } from '../protocol/messages';
import { hardenProcessScope } from './harden';
import { importProgram, type ModuleImporter, type ModuleUrlMaker } from './loader';
import { ProcessRuntime, type RuntimeOptions } from './runtime';
import { installWorldSwitches } from './sched';

/**
 * Runs processes in a worker, one after another: the entry point hosts call. Each `init` starts a new
 * process with a fresh runtime, fresh module instances and the globals the worker started with, so a
 * worker whose process exited cleanly can host the next one (a fork server's warm process, in spirit).
 */
export function runProcess(
  endpoint: Endpoint<KernelToProc, ProcToKernel>,
  makeModuleUrl: ModuleUrlMaker,
  onCrash?: RuntimeOptions['onCrash'],
  importModule?: ModuleImporter,
): void {
  installWorldSwitches(); // controlled runs' clocks, random numbers and timers, before anything wraps or locks them
  const baseline = new Set(Reflect.ownKeys(globalThis));
  /** The globals a process's start installs (print, range, the error classes…), read at the first: see resetGlobals. */
  let installed: ReadonlySet<PropertyKey> | null = null;
  const timers = trackTimers();
  let current: ProcessRuntime | null = null;
  let deliver: ((batch: KernelToProc[]) => void) | null = null;
  const install =
    onCrash ??
    ((handler: (err: unknown) => void) => {
      const g = globalThis as unknown as {
        addEventListener?: (
          type: string,
          fn: (e: { reason?: unknown; error?: unknown; preventDefault(): void }) => void,
        ) => void;
      };
      g.addEventListener?.('unhandledrejection', (e) => {
        e.preventDefault();
        handler(e.reason);
      });
      g.addEventListener?.('error', (e) => {
        e.preventDefault();
        handler(e.error);
      });
    });
  let crashHandler: ((err: unknown) => void) | null = null;
  install((err) => crashHandler?.(err)); // once per worker; routed to the process it hosts now
  const sub: Endpoint<KernelToProc, ProcToKernel> = {
    post: (batch) => endpoint.post(batch),
    listen: (handler) => {
      deliver = handler;
      return () => {
        if (deliver === handler) deliver = null;
      };
    },
  };
  let hardened = false;
  endpoint.listen((batch) => {
    const start = batch.findIndex((m) => m.t === 'init');
    if (start < 0) return deliver?.(batch);
    if (!hardened) {
      // Before the first process evaluates user code, and after the host has wired its transport (at load).
      hardenProcessScope();
      hardened = true;
    }
    // A new process starts here: whatever came before its init was for the previous one.
    if (start > 0) deliver?.(batch.slice(0, start));
    if (current) resetGlobals(baseline, installed ?? new Set());
    timers.clear();
    current = new ProcessRuntime(sub, {
      installGlobals: true,
      onCrash: (h) => (crashHandler = h),
      canRecycle: () => timers.active() === 0,
      load: (rt) => {
        const loading = importProgram(
          rt.program.code,
          rt.modules,
          makeModuleUrl,
          (url) => rt.programUrls.push(url),
          importModule,
        );
        // The program is not evaluated yet (its import has just begun): what globalThis has beyond the baseline
        // now is what every process's start installs, the same each time (read once, at the first process).
        installed ??= new Set(Reflect.ownKeys(globalThis).filter((k) => !baseline.has(k)));
        return loading;
      },
    });
    deliver?.(batch.slice(start));
  });
  endpoint.post([{ t: 'ready' }]);
}

/** Counts the user's pending timers (a worker with one left could run old code inside the next process). */
function trackTimers(): { active(): number; clear(): void } {
  const g = globalThis as unknown as Record<string, (...a: unknown[]) => unknown>;
  const live = new Set<unknown>();
  const [setT, clearT, setI, clearI] = [g.setTimeout!, g.clearTimeout!, g.setInterval!, g.clearInterval!];
  g.setTimeout = (fn: unknown, ms?: unknown, ...args: unknown[]) => {
    const id = setT(
      (...a: unknown[]) => {
        live.delete(id);
        if (typeof fn === 'function') (fn as (...x: unknown[]) => unknown)(...a);
      },
      ms,
      ...args,
    );
    live.add(id);
    return id;
  };
  g.clearTimeout = (id: unknown) => {
    live.delete(id);
    return clearT(id);
  };
  g.setInterval = (...a: unknown[]) => {
    const id = setI(...a);
    live.add(id);
    return id;
  };
  g.clearInterval = (id: unknown) => {
    live.delete(id);
    return clearI(id);
  };
  return {
    active: () => live.size,
    clear: () => {
      for (const id of live) clearT(id);
      live.clear();
    },
  };
}

/**
 * Removes what the previous process added to globalThis (its own globals). The globals every process's start
 * installs again (`installed`) are left for it to overwrite, where they are still plain data properties as an
 * assignment makes them: deleting a global and adding it back dropped the code V8 had optimised against it,
 * in every process (and the deletions alone were about a tenth of a recycled worker's start).
 */
function resetGlobals(baseline: ReadonlySet<PropertyKey>, installed: ReadonlySet<PropertyKey>): void {
  const g = globalThis as Record<PropertyKey, unknown>;
  for (const key of Reflect.ownKeys(g)) {
    if (baseline.has(key)) continue;
    if (installed.has(key) && isAssigned(Object.getOwnPropertyDescriptor(g, key))) continue;
    try {
      delete g[key];
    } catch {
      // non-configurable: leave it
    }
  }
}

/** A property as `Object.assign` creates it (a program may have redefined a global as a getter or read-only). */
const isAssigned = (d: PropertyDescriptor | undefined): boolean =>
  d !== undefined && 'value' in d && d.writable === true && d.enumerable === true && d.configurable === true;
