// Controlled runs, the process side: what a process's runtime installs when its init says the run is controlled.
import type { ProcessInit } from '../../protocol/messages';
import type { ProcessRuntime } from '../runtime';
import { SchedClient } from './client';
import { controlTheWorld, installWorldSwitches, releaseTheWorld } from './determinism';

export { SchedClient, installWorldSwitches };

/**
 * The scheduling client of a controlled run (null otherwise). The world's clocks, random numbers and timers are
 * made deterministic for it where the worker installed the switches (see determinism.ts).
 */
export function installSched(rt: ProcessRuntime, init: ProcessInit): SchedClient | null {
  const s = init.sched;
  if (!s) {
    releaseTheWorld();
    return null;
  }
  controlTheWorld({ seed: s.seed, name: rt.name, epochMs: init.clockOrigin, programMs: () => rt.clock.prog });
  return new SchedClient(s, {
    send: (m) => rt.send(m),
    flush: () => rt.flush(),
    hasChildren: () => rt.children.size > 0,
    pendingCalls: () => rt.pendingCalls,
    who: () => ({ pid: rt.pid, ppid: rt.ppid }),
  });
}
