// The checks the kernel worker makes on a page's `explore` message (hostile input gets a clear reason), and which
// decisions of a controlled run are marked as switches that mattered.
import { describe, expect, it } from 'vitest';
import { decisionMarks, exploreMessageProblem, MAX_EXPLORE_RUNS, type ExploreMessage } from './exploreProtocol';
import { PAGE_PROTOCOL_VERSION } from './protocol';

const GOOD: ExploreMessage = {
  t: 'explore',
  v: PAGE_PROTOCOL_VERSION,
  source: 'print(1);\n',
  filename: 'main.ts',
  seed: 0,
  strategy: 'pct',
  until: 'deadlock',
  runs: 100,
  strategySeed: 7,
  depth: 3,
};

describe('exploreMessageProblem', () => {
  it('passes a well-formed message', () => {
    expect(exploreMessageProblem(GOOD)).toBeNull();
    expect(exploreMessageProblem({ ...GOOD, strategy: 'dfs', until: 'exit!=0', runs: MAX_EXPLORE_RUNS })).toBeNull();
  });

  it.each([
    [{ source: 42 }, /program text/],
    [{ source: 'x'.repeat(300_000) }, /longer than/],
    [{ filename: '../../etc/passwd' }, /file name/],
    [{ strategy: 'bfs' }, /strategy must be one of random, pct, dfs/],
    [{ strategy: { toString: (): string => 'pct' } }, /strategy/],
    [{ until: 'output != "x"' }, /"until" must be one of/],
    [{ runs: 0 }, /runs must be a whole number from 1/],
    [{ runs: 1.5 }, /runs/],
    [{ runs: MAX_EXPLORE_RUNS + 1 }, /runs/],
    [{ runs: '10' }, /runs/],
    [{ strategySeed: -1 }, /strategy seed/],
    [{ seed: Number.NaN }, /the seed/],
    [{ depth: 0 }, /depth/],
    [{ depth: 99 }, /depth/],
  ])('refuses %j with a reason', (patch, why) => {
    expect(exploreMessageProblem({ ...GOOD, ...patch } as never)).toMatch(why);
  });
});

describe('decisionMarks', () => {
  const info = { pid: (slot: number) => 1000 + slot, label: (step: number) => `step ${step}`, at: () => 0 };

  it('marks every decision with a choice, and as mattered those that did not let the last process go on', () => {
    const log = [
      { slot: 0, options: [0] }, // no choice: not marked
      { slot: 0, options: [0, 1] }, // 0 ran last and goes on: plain
      { slot: 1, options: [0, 1] }, // 0 could go on, 1 was chosen: a switch
      { slot: 1, options: [0, 1] }, // 1 goes on: plain
      { slot: 0, options: [0] },
      { slot: 2, options: [1, 2] }, // 0 cannot go on: the plain choice is the first, 1; 2 is a switch
      { slot: 1, options: [1, 3] }, // 2 cannot go on: the first, 1, is plain
    ];
    const { marks, cut } = decisionMarks(log, info);
    expect(cut).toBe(false);
    expect(marks.map((m) => [m.step, m.pid, m.mattered])).toEqual([
      [1, 1000, false],
      [2, 1001, true],
      [3, 1001, false],
      [5, 1002, true],
      [6, 1001, false],
    ]);
    expect(marks[1]!.label).toBe('step 2');
  });

  it('keeps at most `max` marks and says it cut them', () => {
    const log = Array.from({ length: 50 }, (_, i) => ({ slot: i % 2, options: [0, 1] }));
    const { marks, cut } = decisionMarks(log, info, 10);
    expect(marks).toHaveLength(10);
    expect(cut).toBe(true);
  });
});
