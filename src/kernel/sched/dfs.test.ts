// The exhaustive search on models of processes: it explores exactly one run per schedule up to the reordering of
// independent steps (counted independently by enumerating every interleaving), and every outcome with it.
import { describe, expect, it, vi } from 'vitest';
import { H } from '../../protocol/sched/layout';
import {
  countTraces,
  counterProgram,
  exit,
  print,
  read,
  runModel,
  write,
  type Step,
} from '../../protocol/sched/testing/model';
import { DfsSearch } from './dfs';
import { controlFor } from './plan';

// Many controlled runs per test: the timeout only guards against a hang (a busy machine makes them slow, not wrong).
vi.setConfig({ testTimeout: 120_000 });

const counter = (n: number): Step[] => [
  ...Array(n)
    .fill(0)
    .flatMap(() => [read(), write()]),
  exit(),
];

/** Runs the whole search on the model; returns the complete runs' slot sequences. */
function search(procs: Step[][]): { complete: string[]; blocked: number; runs: number } {
  const dfs = new DfsSearch();
  const complete: string[] = [];
  let runs = 0;
  for (let plan = dfs.next(); plan; plan = dfs.next()) {
    const ctl = controlFor(plan, { shared: false, logCap: 10_000 });
    const log = runModel(ctl, procs)!;
    const b = ctl[H.BLOCKED_AT]!;
    dfs.record(b ? log.slice(0, b - 1) : log, b > 0);
    if (!b) complete.push(log.map((d) => d.slot).join(''));
    if (++runs > 100_000) throw new Error('runaway search');
  }
  expect(dfs.exhausted).toBe(true);
  expect(dfs.complete).toBe(complete.length);
  return { complete, blocked: dfs.blocked, runs };
}

describe('exhaustive search with sleep sets', () => {
  it.each([
    ['two processes, one increment each', [counter(1), counter(1)]],
    ['two processes, two increments each', [counter(2), counter(2)]],
    ['three processes, one increment each', [counter(1), counter(1), counter(1)]],
    [
      'two printers (every print conflicts with every other)',
      [
        [print(), print(), exit()],
        [print(), exit()],
      ],
    ],
    [
      'a reader and a writer of different values',
      [
        [read(1), write(1), exit()],
        [read(2), write(2), exit()],
      ],
    ],
    [
      'readers only (reads commute)',
      [
        [read(), read(), exit()],
        [read(), read(), exit()],
      ],
    ],
  ])('%s: one run per schedule, as many as an enumeration of all interleavings finds', (_name, procs) => {
    const { complete } = search(procs);
    const expected = countTraces(procs);
    expect(complete.length).toBe(expected.traces);
    expect(new Set(complete).size).toBe(complete.length); // no run explored twice
    expect(expected.interleavings).toBeGreaterThanOrEqual(expected.traces);
  });

  it('without reordering to exploit (every step conflicts), it explores every interleaving: C(2n, n) for two of n', () => {
    const procs = [
      [print(), print(), print(), print()],
      [print(), print(), print(), print()],
    ];
    expect(search(procs).complete.length).toBe(70); // C(8, 4)
  });

  it('finds every outcome of the lost update: two increments each give 2, 3 or 4', () => {
    const procs = [counter(2), counter(2)];
    const dfs = new DfsSearch();
    const outcomes = new Set<number>();
    for (let plan = dfs.next(); plan; plan = dfs.next()) {
      const ctl = controlFor(plan, { shared: false, logCap: 10_000 });
      const log = runModel(ctl, procs)!;
      const b = ctl[H.BLOCKED_AT]!;
      dfs.record(b ? log.slice(0, b - 1) : log, b > 0);
      if (b) continue;
      // Replay the counter: each read takes the value, each write stores what its read took plus one.
      let value = 0;
      const took = [0, 0];
      for (const d of log) {
        const kind = d.desc[0] & 0xf;
        if (kind === 1) took[d.slot] = value;
        if (kind === 2) value = took[d.slot]! + 1;
      }
      outcomes.add(value);
    }
    expect([...outcomes].sort()).toEqual([2, 3, 4]);
  });
});

describe('the counting model', () => {
  it('counts the lock-counter with 2 workers × k increments as the Python model of the same rules does', () => {
    // Every interleaving of the main process's spawns and joins with the children's reads, writes and exits,
    // then grouped by the order of dependent steps. 8581 interleavings for k = 2 (the recurrence
    // f(main, c1, c2, parked) of a scheduler that parks a join until its child ends), 275 schedules.
    expect(countTraces(counterProgram(2, 1))).toEqual({ interleavings: 379, traces: 35 });
    expect(countTraces(counterProgram(2, 2))).toEqual({ interleavings: 8581, traces: 275 });
  });
});
