// Lesson tests for the seed's section 5 (Queue and JoinableQueue): the lessons' checks on CLI runs, the one-consumer edit, how often 2 consumers leave a product, and wrong runs the checks catch.
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleById } from './catalog';
import { LESSON_VARIANTS, lessonProblems, runCheck } from './lessons';
import { pidOf } from './lessons/query';
import { CONSUMERS_LINE, productsBehindFirstName, tally } from './lessons/queues';
import { describeLesson, mutate, rewriteOutput } from './testing/lessonSuite';
import { RUN_TIMEOUT_MS, runMpplay, type MpplayRun } from './testing/testkit';

describeLesson('queue-sentinel', {
  wrong: [
    {
      what: 'the tally claims all 9 were eaten while a product was left',
      breaks: 'the tally agrees',
      make: (good) =>
        mutate(good, (t) =>
          rewriteOutput(t, (text) =>
            text.replace(/消费了 \d+ 个/, '消费了 9 个').replace(/^没被消费的: .+$/m, '没被消费的: 无'),
          ),
        ),
    },
    {
      what: 'a product queued ahead of the second name is lost (the queue would not be FIFO)',
      breaks: 'queued behind name number 2',
      make: (good) =>
        mutate(good, (t) =>
          rewriteOutput(t, (text, e) =>
            e.pid === pidOf(t, 'MainProcess') && text.startsWith('没被消费的')
              ? `没被消费的: ${['包子0', ...(tally(good)?.lost ?? [])].join(', ')}\n`
              : text,
          ),
        ),
    },
  ],
});

describe('queue-sentinel: the reader’s edit, "change consumers to 1"', () => {
  let one: MpplayRun;
  const variant = LESSON_VARIANTS.find((v) => v.id === 'queue-sentinel')!;
  beforeAll(async () => {
    one = await runMpplay('queue-sentinel', undefined, { edit: variant.edit });
  }, RUN_TIMEOUT_MS);

  it('is one edit away: a single `const consumers = 2;` line near the top, and `consumers = 2` in the Python', () => {
    const source = exampleById('queue-sentinel')!.source;
    expect(source.match(new RegExp(CONSUMERS_LINE.source, 'gm'))).toHaveLength(1);
    expect(source.split('\n').findIndex((l) => CONSUMERS_LINE.test(l))).toBeLessThan(10);
    expect(exampleById('queue-sentinel')!.python).toMatch(/^consumers = 2$/m);
  });

  it.each(variant.checks.map((c) => ({ name: c.name, c })))('$name', ({ c }) => {
    expect(runCheck(c, one), `${one.stdout}\n${one.stderr}`).toEqual([]);
  });

  it("the two-consumer lesson's checks report the one-consumer run", () => {
    expect(lessonProblems('queue-sentinel', one)).not.toEqual([]);
  });
});

/**
 * The text says that with 2 consumers a product is usually left uneaten (8 of 9 eaten, fewer when a producer starts
 * late), and that the first name is usually followed by more products. Measured here over several runs.
 */
describe('queue-sentinel: how often, over 5 runs at speed 10', () => {
  const RUNS = 5;
  const runs: MpplayRun[] = [];
  beforeAll(async () => {
    for (let i = 0; i < RUNS; i++) runs.push(await runMpplay('queue-sentinel'));
  }, RUNS * RUN_TIMEOUT_MS);

  it('every run holds the lesson', () => {
    for (const run of runs) expect(lessonProblems('queue-sentinel', run)).toEqual([]);
  });

  it('in most runs (at least 4 of 5) at least one product is left uneaten: 8 of 9 or fewer', () => {
    const eaten = runs.map((r) => tally(r)?.consumed ?? NaN);
    // 8 when the three producers start together (the last product of the last producer is queued behind the
    // second name); fewer when a producer starts late and more of its products queue behind it.
    console.log(`queue-sentinel with 2 consumers, products eaten in ${RUNS} runs: ${eaten.join(', ')}`);
    expect(eaten.filter((n) => n <= 8).length, String(eaten)).toBeGreaterThanOrEqual(4);
  });

  it('in most runs (at least 4 of 5) more products are queued behind the first name', () => {
    const behind = runs.map(productsBehindFirstName);
    expect(behind.filter((n) => n > 0).length, String(behind)).toBeGreaterThanOrEqual(4);
  });
});

describeLesson('joinable-queue', {
  wrong: [
    {
      what: 'join() returns after the 8th taskDone(), one product still being eaten',
      breaks: 'the last of exactly 9 taskDone()',
      make: (good) =>
        mutate(good, (t) => {
          const done = t.events.filter((e) => e.kind === 'taskDone');
          const last = done.at(-1)!;
          const before = done.at(-2)!;
          t.events = t.events.map((e) =>
            e === before && e.kind === 'taskDone' && last.kind === 'taskDone' ? { ...e, releases: last.releases } : e,
          );
          return t;
        }),
    },
  ],
});

describeLesson('joinable-queue-hang', {
  wrong: [
    {
      what: 'the report blames get() for the main process’s wait',
      breaks: 'who waits on what',
      make: (good) =>
        mutate(good, (t) => ({
          ...t,
          events: t.events.map((e) =>
            e.kind === 'deadlock' ? { ...e, waits: e.waits.map((w) => ({ ...w, on: 'JoinableQueue#1.get()' })) } : e,
          ),
        })),
    },
    {
      what: 'the program keeps working after the last wait, then is declared deadlocked',
      breaks: 'as soon as the last process starts to wait',
      make: (good) =>
        mutate(good, (t) => {
          const last = t.events.map((e) => e.kind).lastIndexOf('blocked');
          const main = pidOf(t, 'MainProcess');
          t.events.splice(last + 1, 0, { kind: 'sleeping', pid: main, ppid: 0, at: t.events[last]!.at, seconds: 1 });
          return t;
        }),
    },
  ],
});
