// The decision function on a model of processes: each strategy chooses only runnable processes, is reproducible
// from its seed, and does what its description says (a script followed, PCT's priorities, DFS's sleep sets).
import { describe, expect, it } from 'vitest';
import { controlFor, type RunPlan } from '../../kernel/sched/plan';
import { allSettled, decide, NOBODY, readLog, runnable, settled, STOP } from './decide';
import { ERR_DIVERGED, H, PHYS_AT_SM, PHYS_REST, PHYS_RUNNING, S, makeControl, slotCell } from './layout';
import { exit, print, read, runModel, write, type Step } from './testing/model';

const control = (plan: RunPlan) => controlFor(plan, { shared: false, logCap: 10_000 });
const counter = (n: number): Step[] => [
  ...Array(n)
    .fill(0)
    .flatMap(() => [read(), write()]),
  exit(),
];
const slots = (log: ReturnType<typeof readLog> | null) => log!.map((d) => d.slot);

describe('who can run and who has settled', () => {
  it('a process with a call sent, or waiting at a shared-memory access, can take a step; one at rest cannot', () => {
    const ctl = makeControl({ logCap: 10, scriptCap: 0, shared: false });
    ctl[H.NSLOTS] = 4;
    ctl[slotCell(0, S.SENT)] = 1; // a call sent, not applied
    ctl[slotCell(1, S.PHYS)] = PHYS_AT_SM;
    ctl[slotCell(2, S.PHYS)] = PHYS_REST;
    ctl[slotCell(2, S.WAKES)] = 3;
    ctl[slotCell(2, S.RESTED)] = 3;
    ctl[slotCell(3, S.PHYS)] = PHYS_RUNNING; // computing towards its next point
    expect([0, 1, 2, 3].map((s) => runnable(ctl, s))).toEqual([true, true, false, false]);
    expect([0, 1, 2, 3].map((s) => settled(ctl, s))).toEqual([true, true, true, false]);
    expect(allSettled(ctl)).toBe(false);
    // A batch posted after it came to rest wakes it: not settled until it rests again.
    ctl[slotCell(2, S.WAKES)] = 4;
    expect(settled(ctl, 2)).toBe(false);
    ctl[slotCell(3, S.DEAD)] = 1;
    ctl[slotCell(2, S.RESTED)] = 4;
    expect(allSettled(ctl)).toBe(true);
    expect(decide(ctl)).toBe(0);
  });

  it('says NOBODY when nothing can run', () => {
    const ctl = makeControl({ logCap: 10, scriptCap: 0, shared: false });
    ctl[H.NSLOTS] = 1;
    expect(decide(ctl)).toBe(NOBODY);
  });
});

describe('strategies', () => {
  const procs = [counter(3), counter(3), counter(3)];

  it('random: reproducible from its seed and stream, different across streams, runnable choices only', () => {
    const a = slots(runModel(control({ kind: 'random', seed: 5, stream: 0 }), procs));
    const b = slots(runModel(control({ kind: 'random', seed: 5, stream: 0 }), procs));
    const c = slots(runModel(control({ kind: 'random', seed: 5, stream: 1 }), procs));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(a).toHaveLength(21);
    // Each process took exactly its 7 steps: nobody was chosen after its last one.
    for (const p of [0, 1, 2]) expect(a.filter((s) => s === p)).toHaveLength(7);
    const log = runModel(control({ kind: 'random', seed: 5, stream: 0 }), procs)!;
    for (const d of log) expect(d.options).toContain(d.slot);
  });

  it('random: every process gets chosen first about as often', () => {
    const firsts = [0, 0, 0];
    for (let stream = 0; stream < 600; stream++) {
      firsts[slots(runModel(control({ kind: 'random', seed: 1, stream }), procs))[0]!]!++;
    }
    for (const n of firsts) expect(n).toBeGreaterThan(150);
  });

  it('PCT: the highest priority runs until a change point drops it below every other', () => {
    // Depth 1: no change point, so each process runs to its end in priority order.
    const d1 = slots(runModel(control({ kind: 'pct', seed: 3, stream: 0, depth: 1, steps: 21 }), procs));
    const order = [...new Set(d1)];
    expect(order).toHaveLength(3);
    expect(d1).toEqual(order.flatMap((p) => Array(7).fill(p)));
    // Depth 2: one change point k in [1, 21]; the process that ran step k-1 waits for the others to finish.
    let preempted = 0;
    for (let stream = 0; stream < 40; stream++) {
      const s = slots(runModel(control({ kind: 'pct', seed: 3, stream, depth: 2, steps: 21 }), procs));
      const switches = s.filter((x, i) => i > 0 && x !== s[i - 1]).length;
      expect(switches).toBeLessThanOrEqual(3);
      if (switches === 3) preempted++;
    }
    expect(preempted).toBeGreaterThan(10);
  });

  it('script: follows the choices, then keeps the last process running while it can', () => {
    const log = runModel(control({ kind: 'script', script: [1, 0, 2] }), procs)!;
    expect(slots(log).slice(0, 3)).toEqual([1, 0, 2]);
    expect(slots(log).slice(3, 10)).toEqual(Array(7).fill(2).slice(0, 6).concat([0]));
  });

  it('script: a choice that cannot run stops with ERR_DIVERGED and the decision number', () => {
    const ctl = control({ kind: 'script', script: [1, 1, 1, 1, 1, 1, 1, 1] });
    expect(runModel(ctl, procs)).toBeNull();
    expect(ctl[H.ERROR]).toBe(ERR_DIVERGED);
    expect(ctl[H.ERROR_ARG]).toBe(7); // the 8th decision: process 1 had taken its 7 steps
    expect(decide(ctl)).toBe(STOP);
  });

  it('dfs: a sleeping process wakes when a dependent step is taken, and stays asleep otherwise', () => {
    // Process 1's read was explored from here already: it sleeps until a step that conflicts with it is taken.
    const wakes = control({ kind: 'script', script: [], after: 'dfs', sleep: [[1, ...read(9)]] });
    const log = runModel(wakes, [
      [write(9), exit()],
      [read(9), exit()],
    ])!;
    expect(slots(log)).toEqual([0, 0, 1, 1]);
    expect(wakes[H.BLOCKED_AT]).toBe(0);
    // Nothing it depends on happens: once process 0 is done, only the sleeper is left. The path repeats one
    // already explored: blocked at decision 3, and the run still goes on to its end (uncounted).
    const stays = control({ kind: 'script', script: [], after: 'dfs', sleep: [[1, ...read(9)]] });
    expect(
      slots(
        runModel(stays, [
          [print(), exit()],
          [read(9), exit()],
        ]),
      ),
    ).toEqual([0, 0, 1, 1]);
    expect(stays[H.BLOCKED_AT]).toBe(3);
  });
});

describe('PCT, write then read', () => {
  it('never chooses a process that cannot run', () => {
    const log = runModel(control({ kind: 'pct', seed: 9, stream: 2, depth: 3, steps: 10 }), [
      [write(), exit()],
      [read(), exit()],
    ])!;
    for (const d of log) expect(d.options).toContain(d.slot);
  });
});
