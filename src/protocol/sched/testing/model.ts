// A model of processes for testing the decision function and the searches without workers: each process is a list
// of step descriptors; a "run" takes steps by calling decide() on a control block, as the controller and the
// processes do. Also an independent count of the schedules up to reordering of independent steps.
import { assignPriority, decide, readLog, STOP, type LoggedDecision } from '../decide';
import { H, S, UNIT_RING, slotCell } from '../layout';
import { K, KEY_OUTPUT, dependent, descA, describeUnit, smDesc } from '../ops';

export type Step = readonly [number, number];

export const read = (key = 7): Step => smDesc(false, key, 0);
export const write = (key = 7): Step => smDesc(true, key, 0);
export const print = (): Step => [descA(K.OUT, KEY_OUTPUT), 0];
/** Process `pid` (child of `ppid`) exits, described as the runtime does. */
export const exit = (pid = 1, ppid = 0): Step =>
  describeUnit({ t: 'exit', code: 0, reason: 'returned' }, 0, { pid, ppid });

/**
 * Loads the processes' first steps into `ctl` (a fresh control block) and runs them to the end with decide(),
 * as the controller would: a step is pending as a sent unit (kernel calls) or at a shared-memory point.
 * Returns the log, or null if decide() stopped the run.
 */
export function runModel(ctl: Int32Array, procs: readonly (readonly Step[])[]): LoggedDecision[] | null {
  const at = procs.map(() => 0);
  const pend = (p: number) => {
    const o = slotCell(p, 0);
    const step = procs[p]![at[p]!];
    if (!step) {
      ctl[o + S.DEAD] = 1;
      return;
    }
    const kind = step[0] & 0xf;
    if (kind === K.SM_READ || kind === K.SM_WRITE) {
      ctl[o + S.PHYS] = 2; // at a shared-memory point
      ctl[o + S.SM_A] = step[0];
      ctl[o + S.SM_B] = step[1];
    } else {
      ctl[o + S.PHYS] = 1;
      const sent = ctl[o + S.SENT]!;
      const r = o + S.RING + 2 * (sent % UNIT_RING);
      ctl[r] = step[0];
      ctl[r + 1] = step[1];
      ctl[o + S.SENT] = sent + 1;
    }
  };
  ctl[H.NSLOTS] = procs.length;
  procs.forEach((_, p) => {
    assignPriority(ctl, p);
    pend(p);
  });
  for (;;) {
    const c = decide(ctl);
    if (c === STOP) return null;
    if (c < 0) return readLog(ctl);
    const o = slotCell(c, 0);
    if (ctl[o + S.SENT]! > ctl[o + S.APPLIED]!) ctl[o + S.APPLIED] = ctl[o + S.APPLIED]! + 1;
    at[c] = at[c]! + 1;
    pend(c);
  }
}

/** A step that starts process `spawns`, or after which its process waits until process `joins` has ended. */
export interface Gated {
  desc: Step;
  spawns?: number;
  joins?: number;
}
export type ModelStep = Step | Gated;
const descOf = (s: ModelStep): Step => ('desc' in s ? s.desc : s);

/** Kernel calls for gated models, by process 0 (its children are processes 1, 2, …): a spawn, a join. */
export const spawn = (p: number): Gated => ({
  desc: describeUnit(
    { t: 'spawn', spec: { pid: p, name: '', identity: [], daemon: false, target: { kind: 'none' }, args: [] } },
    0,
    { pid: 0, ppid: -1 },
  ),
  spawns: p,
});
export const join = (p: number): Gated => ({
  desc: describeUnit({ t: 'call', id: 1, call: { op: 'join', pid: p, timeout: null } }, 0, { pid: 0, ppid: -1 }),
  joins: p,
});

/**
 * The number of distinct schedules of `procs` when steps that are not dependent may be swapped: every interleaving
 * enumerated (a process runs only once spawned, if some step spawns it, and waits after a join until the joined
 * one has ended, as the kernel parks it), each reduced to the order of its dependent pairs. Exponential: for
 * small models only. Independent of the searches: it shares only the dependence relation with them.
 */
export function countTraces(procs: readonly (readonly ModelStep[])[]): { interleavings: number; traces: number } {
  const seen = new Set<string>();
  let interleavings = 0;
  const at = procs.map(() => 0);
  const spawned = procs.map((_, p) => !procs.some((steps) => steps.some((s) => 'desc' in s && s.spawns === p)));
  const seq: [number, number][] = [];
  const done = (p: number) => at[p]! >= procs[p]!.length;
  const canRun = (p: number) => {
    if (!spawned[p] || done(p)) return false;
    const prev = at[p]! > 0 ? procs[p]![at[p]! - 1]! : null;
    return !(prev && 'desc' in prev && prev.joins !== undefined && !done(prev.joins));
  };
  const rec = () => {
    let any = false;
    for (let p = 0; p < procs.length; p++) {
      if (!canRun(p)) continue;
      any = true;
      const step = procs[p]![at[p]!]!;
      const starts = 'desc' in step ? step.spawns : undefined;
      seq.push([p, at[p]!]);
      at[p] = at[p]! + 1;
      if (starts !== undefined) spawned[starts] = true;
      rec();
      if (starts !== undefined) spawned[starts] = false;
      at[p] = at[p]! - 1;
      seq.pop();
    }
    if (any) return;
    interleavings++;
    const pairs: string[] = [];
    for (let i = 0; i < seq.length; i++) {
      for (let j = i + 1; j < seq.length; j++) {
        const [pi, si] = seq[i]!;
        const [pj, sj] = seq[j]!;
        if (pi === pj) continue;
        const a = descOf(procs[pi]![si]!);
        const b = descOf(procs[pj]![sj]!);
        if (dependent(a[0], a[1], b[0], b[1])) pairs.push(`${pi}.${si}<${pj}.${sj}`);
      }
    }
    seen.add(pairs.sort().join(' '));
  };
  rec();
  return { interleavings, traces: seen.size };
}

/** The lock-counter lesson as a model: `workers` children each doing `loops` increments of one Value, joined. */
export function counterProgram(workers: number, loops: number): ModelStep[][] {
  const child = (): Step[] => [
    ...Array(loops)
      .fill(0)
      .flatMap(() => [read(), write()]),
    exit(),
  ];
  const main: ModelStep[] = [
    write(), // Value('i', 0)
    ...Array.from({ length: workers }, (_, i) => spawn(i + 1)),
    ...Array.from({ length: workers }, (_, i) => join(i + 1)),
    read(), // counter.value in the print
    print(),
    exit(),
  ];
  return [main, ...Array.from({ length: workers }, child)];
}
