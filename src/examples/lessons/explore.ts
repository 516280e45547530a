// The lessons about exploring schedules (issue 16): what a plain run of each shows. What exploring shows (the lost
// update found, the deadlocks found, every schedule of the locked counter right) is checked on controlled runs by
// src/examples/lessons.explore.test.ts.
import { endsAsExpected } from './common';
import { check } from './problems';
import { eventsOf, linesOf, pidOf } from './query';
import { sentinelChecks } from './queues';
import type { Lesson, LessonRun } from './types';

/**
 * What exploring each lesson claims: the runs a strategy needs at most to find its bug, whatever the seed, or for a
 * search that finds nothing, the outcomes it tells apart within them. The Node tests (src/examples/lessons.explore
 * .test.ts) check every strategy listed; each engine (engines/explore.ts) checks the first, on the page.
 */
export const EXPLORE_CLAIMS: Readonly<
  Record<
    string,
    {
      until: 'assert' | 'deadlock';
      within: Partial<Record<'random' | 'pct' | 'dfs', number>>;
      outcomes?: number;
    }
  >
> = {
  'lost-update': { until: 'assert', within: { random: 5, pct: 10, dfs: 10 } },
  'lock-order-deadlock': { until: 'deadlock', within: { pct: 20, random: 10, dfs: 20 } },
  'queue-check-then-act': { until: 'deadlock', within: { random: 10 } },
  'queue-sentinel-one-consumer': { until: 'deadlock', within: { random: 30 }, outcomes: 3 },
};

/** The counter a lost-update run printed, or NaN. */
function counter(run: LessonRun): number {
  const m = /^counter = (\d+), 期望 4$/.exec(linesOf(run, 'MainProcess')[0] ?? '');
  return m ? Number(m[1]) : NaN;
}

export const lostUpdate: Lesson = {
  id: 'lost-update',
  speed: 10,
  checks: [
    endsAsExpected('lost-update'),
    {
      name:
        'a plain run prints the counter the assert saw: almost always 4 and exit 0; rarely (the two processes ' +
        'did add at the same moment) fewer, with AssertionError and exit 1',
      check: check((p, run) => {
        const n = counter(run);
        const failed = linesOf(run, 'MainProcess', 'stderr').some((l) => l.includes('AssertionError: 丢失了更新'));
        p.equal(
          'the counter, and whether the assert failed',
          [n, failed, run.exitCode],
          n === 4 ? [4, false, 0] : [n, true, 1],
        );
        // Two processes that each add twice lose at most one update each: 2 is the least a run can print.
        p.equal('the counter is between 2 and 4', n >= 2 && n <= 4, true);
        p.equal(
          'children that exited with an error',
          [...run.exits].filter(([name, c]) => name !== 'MainProcess' && c !== 0),
          [],
        );
      }),
    },
    {
      name: 'without USE_LOCK no lock is taken: each += is a bare read and write of shared memory',
      check: check((p, run) => p.equal('lock events', eventsOf(run.trace, 'lock').length, 0)),
    },
  ],
};

export const lockOrderDeadlock: Lesson = {
  id: 'lock-order-deadlock',
  speed: 10,
  checks: [
    endsAsExpected('lock-order-deadlock'),
    {
      name: 'in a plain run 甲 takes and releases both locks before 乙, still preparing, takes its first',
      check: check((p, run) => {
        const locks = eventsOf(run.trace, 'lock');
        p.equal('lock events', locks.length, 8);
        const firstPid = pidOf(run.trace, 'Process-1');
        const firstFour = locks.slice(0, 4);
        p.that(
          firstFour.every((e) => e.pid === firstPid),
          'the first four lock events (two acquires, two releases) to be one process’s',
          firstFour.map((e) => `${e.pid} ${e.obj}.${e.op}`),
        );
        p.equal(
          'the first process’s lock events',
          firstFour.map((e) => e.op),
          ['acquire', 'acquire', 'release', 'release'],
        );
      }),
    },
  ],
};

export const queueCheckThenAct: Lesson = {
  id: 'queue-check-then-act',
  speed: 10,
  checks: [
    endsAsExpected('queue-check-then-act'),
    {
      name: 'in a plain run 消费者1 checks and takes the item, and 消费者2, ready later, finds the queue empty',
      check: check((p, run) => {
        p.equal('消费者1', linesOf(run, 'Process-1'), ['消费者1 取到了 包子']);
        p.equal('消费者2', linesOf(run, 'Process-2'), ['消费者2 看到队列是空的, 不取了']);
        const gets = eventsOf(run.trace, 'take').filter((e) => e.obj === 'Queue#1');
        p.equal(
          'takes from the queue, by process',
          gets.map((e) => e.pid),
          [pidOf(run.trace, 'Process-1')],
        );
      }),
    },
  ],
};

export const sentinelOneConsumer: Lesson = {
  id: 'queue-sentinel-one-consumer',
  speed: 10,
  checks: [endsAsExpected('queue-sentinel-one-consumer'), ...sentinelChecks(1)],
};
