// The controller's edits of what passes between the kernel and a process: a process is told program time (never
// a wall-clock mapping), its init carries its part of the control block, and each batch is classed by what it
// does to the process (wakes its code; resumes it for sure). Also the options of a controlled run and the
// controller's record of each process.
import type { KernelToProc, Pid, ProcToKernel } from '../../protocol/messages';
import { S, UNIT_RING, slotCell } from '../../protocol/sched/layout';
import { describeUnit, wakes } from '../../protocol/sched/ops';
import type { SchedInit } from '../../protocol/sched/layout';
import type { KernelOptions, ProcessEndpoint } from '../host';
import type { Choice } from './asking';
import type { RunPlan } from './plan';

/** A controlled run: the kernel's options, minus what controlled mode decides itself, plus the plan. */
export interface ControlledOptions extends Omit<KernelOptions, 'clock' | 'pipeLinks' | 'leases' | 'speed'> {
  plan: RunPlan;
  /** The processes' workers have SharedArrayBuffer and Atomics.wait: Value/Array accesses are scheduling points. */
  shared: boolean;
  /** Decisions a run may take (the log's size). */
  logCap?: number;
  /** A control block to reuse (see plan.ts `controlFor`). */
  control?: Int32Array;
  /**
   * The learner is the scheduler (a script plan with `after: 'ask'`): called at each decision that has a choice,
   * once every runnable process has reached its next step; answer with `choose()`.
   */
  onAsk?: (options: Choice[]) => void;
}

/** One process's place in the schedule, as the controller keeps it. */
export interface Slot {
  pid: Pid;
  inner: ProcessEndpoint;
  /** The kernel's handler for this process's messages. */
  handler: ((batch: ProcToKernel[]) => void) | null;
  /** Messages received and not yet given to the kernel. */
  buffer: ProcToKernel[];
  /** Point units received so far. */
  received: number;
  /** The batch count the process reported when it last came to rest. */
  restSeen: number;
  /** Program ms the process was last told. */
  told: number;
  /** The kernel has heard this process's `boot` (it shows as running, no longer as created). */
  booted?: boolean;
  /** Its calls the kernel has been given and not yet answered. */
  calls: number;
}

/** A batch to a process as it must go, and what it does to the process. */
export interface Outgoing {
  out: KernelToProc[];
  /** It may run code of the process (S.WAKES counts such batches). */
  wakes: boolean;
  /** Calls of the process answered by it (each reply one). */
  replies: number;
  /** It starts the process or raises an error in it: the process will take a next step whatever happens. */
  starts: boolean;
}

/**
 * Rewrites a kernel → process batch: the kernel's clock mappings go, a `clock` stating program time `now`
 * (rate 0: it stands still until the next batch) leads a batch when the process was last told another time
 * (`told`), and an init gets `sched`.
 */
export function outgoing(batch: readonly KernelToProc[], now: number, told: number, sched: SchedInit): Outgoing {
  const clock = { wall: 0, prog: now, rate: 0 };
  const out: KernelToProc[] = [];
  let replies = 0;
  let starts = false;
  for (const m of batch) {
    if (m.t === 'clock') continue;
    if (m.t === 'init') {
      out.push({ ...m, clock, sched });
      starts = true;
      continue;
    }
    if (m.t === 'reply') replies++;
    else if (m.t === 'raise') starts = true;
    out.push(m);
  }
  if (out.length && out[0]!.t !== 'init' && told !== now) out.unshift({ t: 'clock', clock });
  return { out, wakes: wakes(out), replies, starts };
}

/**
 * Without shared memory a process cannot keep its own cells: the controller writes what the process would have
 * (its point unit's descriptor in the ring, the count sent) when the unit arrives. `received`: units before it.
 */
export function noteArrival(
  ctl: Int32Array,
  slot: number,
  msg: ProcToKernel,
  received: number,
  who: { pid: number; ppid: number },
): void {
  const [a, b] = describeUnit(msg, 0, who);
  const r = slotCell(slot, S.RING) + 2 * (received % UNIT_RING);
  ctl[r] = a;
  ctl[r + 1] = b;
  ctl[slotCell(slot, S.SENT)] = received + 1;
}
