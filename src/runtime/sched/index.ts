// Controlled runs, the process side: what a process's runtime installs when its init says the run is controlled.
import type { ProcessInit } from '../../protocol/messages';
import type { ProcessRuntime } from '../runtime';
import { SchedClient } from './client';
import { controlTheWorld, releaseTheWorld } from './determinism';

export { SchedClient };

/**
 * The scheduling client of a controlled run (null otherwise). `patchGlobals`: the process has its worker to itself,
 * so the world's clocks, random numbers and timers are made deterministic (tests hosting several runtimes in one
 * thread leave them alone).
 */
export function installSched(rt: ProcessRuntime, init: ProcessInit, patchGlobals: boolean): SchedClient | null {
  const s = init.sched;
  if (!s) {
    if (patchGlobals) releaseTheWorld();
    return null;
  }
  if (patchGlobals) {
    controlTheWorld({ seed: s.seed, name: rt.name, epochMs: init.clockOrigin, programMs: () => rt.clock.prog });
  }
  return new SchedClient(s, {
    send: (m) => rt.send(m),
    flush: () => rt.flush(),
    hasChildren: () => rt.children.size > 0,
    pendingCalls: () => rt.pendingCalls,
  });
}
