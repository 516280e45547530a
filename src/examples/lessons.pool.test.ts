// Lesson tests for the seed's section 6 (the process pool) and the pool lessons beyond it: the lessons' checks on CLI runs, 6.2 against 6.4, and wrong runs the checks catch.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent, TraceFile } from '../protocol/trace';
import { exampleById } from './catalog';
import { LESSON_PAIRS, lessonProblems } from './lessons';
import { linesOf } from './lessons/query';
import { describeLesson, mutate, rewriteOutput } from './testing/lessonSuite';
import { RUN_TIMEOUT_MS, runMpplay, type MpplayRun } from './testing/testkit';

/** The trace with every task span (and what happens inside it) squeezed so that all start at the first one's start. */
function allAtOnce(t: TraceFile): TraceFile {
  const starts = t.events.filter(
    (e): e is Extract<TraceEvent, { kind: 'task' }> => e.kind === 'task' && e.phase === 'start',
  );
  const t0 = starts[0]!.at;
  const shiftOf = new Map<number, number>();
  // Each worker's events shift back by the start of its own first task, so its tasks run from t0 on.
  for (const s of starts) if (!shiftOf.has(s.pid)) shiftOf.set(s.pid, 0);
  const events = t.events.map((e) => (e.kind === 'task' ? { ...e, at: e.phase === 'start' ? t0 : t0 + 1000 } : e));
  return { ...t, events };
}

/** The run with two tasks' printed numbers swapped: the workers print 1 to 20 out of order. */
function swapPrints(good: MpplayRun) {
  return mutate(good, (t) => rewriteOutput(t, (text) => (text === '1\n' ? '2\n' : text === '2\n' ? '1\n' : text)));
}

describeLesson('pool-vs-processes', {
  wrong: [
    {
      what: 'the pool’s figure is above the loop’s',
      breaks: 'the pool is much faster',
      make: (good) =>
        mutate(good, (t) => rewriteOutput(t, (text) => text.replace(/(Pool\(5\) 执行 200 个任务: )[\d.]+/, '$1999.5'))),
    },
  ],
});

describeLesson('pool-apply', {
  wrong: [
    { what: 'the tasks are printed out of order', breaks: 'one task at a time', make: swapPrints },
    { what: 'all tasks run at the same moment', breaks: 'one task at a time', make: (good) => mutate(good, allAtOnce) },
  ],
});

describeLesson('pool-apply-async-wrong', {
  wrong: [
    { what: 'all tasks run at the same moment', breaks: 'one task at a time', make: (good) => mutate(good, allAtOnce) },
  ],
});

describeLesson('pool-apply-async-right', {
  wrong: [
    {
      what: 'the tasks one after another (a run of pool-apply-async-wrong’s shape)',
      breaks: 'five tasks run at once',
      make: (good) =>
        mutate(good, (t) => {
          // Lay the task spans end to end, 1.5 s each, in the order they started.
          const order = new Map<string, number>();
          const events = t.events.map((e) => {
            if (e.kind !== 'task') return e;
            const key = `${e.pid}/${e.job}/${e.chunk}`;
            if (!order.has(key)) order.set(key, order.size);
            return { ...e, at: order.get(key)! * 1600 + (e.phase === 'end' ? 1500 : 0) };
          });
          return { ...t, events: events.sort((x, y) => x.at - y.at) };
        }),
    },
  ],
});

describe('apply() one at a time against applyAsync() collected first, both at speed 10', () => {
  let serial: MpplayRun;
  let waves: MpplayRun;
  beforeAll(async () => {
    serial = await runMpplay('pool-apply');
    waves = await runMpplay('pool-apply-async-right');
  }, 2 * RUN_TIMEOUT_MS);

  it.each(LESSON_PAIRS.filter((p) => p.ids.includes('pool-apply')))('$name', (pair) => {
    expect(pair.ids).toEqual(['pool-apply', 'pool-apply-async-right']);
    expect(pair.check(serial, waves)).toEqual([]);
    expect(pair.check(waves, serial)).not.toEqual([]);
  });

  it("pool-apply's run breaks pool-apply-async-right's claims, and the other way round", () => {
    expect(lessonProblems('pool-apply-async-right', serial)).not.toEqual([]);
    expect(lessonProblems('pool-apply', waves)).not.toEqual([]);
  });
});

describeLesson('imap-unordered', {
  wrong: [
    {
      what: 'imapUnordered yields in reverse completion order',
      breaks: 'as soon as its task is done',
      make: (good) =>
        mutate(good, (t) =>
          rewriteOutput(t, (text) =>
            text.replace(/^imapUnordered 拿到任务 (\d)/, (_, i: string) => `imapUnordered 拿到任务 ${4 - Number(i)}`),
          ),
        ),
    },
    {
      what: 'imapUnordered holds each result back until the next task has ended',
      breaks: 'as soon as its task is done',
      make: (good) =>
        mutate(good, (t) => ({
          ...t,
          events: t.events.map((e) =>
            e.kind === 'output' && /^imapUnordered 拿到任务 [1-4] /.test(e.text) ? { ...e, at: e.at + 1100 } : e,
          ),
        })),
    },
    {
      what: 'imap hands out task 4’s result at 1 s, before the slowest is done',
      breaks: 'only when the slowest task 0 is done',
      make: (good) =>
        mutate(good, (t) =>
          rewriteOutput(t, (text) =>
            text.replace(/^imap 拿到任务 4 的结果, 第 [\d.]+ 秒/, 'imap 拿到任务 4 的结果, 第 1.00 秒'),
          ),
        ),
    },
  ],
});

describeLesson('pool-exception', {
  onRun: (run) => {
    // The RemoteTraceback names the line of the source that throws.
    const source = exampleById('pool-exception')!.source.split('\n');
    const line = source.findIndex((l) => l.includes('throw new ValueError')) + 1;
    expect(line).toBeGreaterThan(0);
    expect(linesOf(run, 'MainProcess')).toContain(`  File "pool-exception.ts", line ${line}, in task`);
  },
  wrong: [
    {
      what: 'a worker dies of the exception and is replaced',
      breaks: 'the workers survive them',
      make: (good) =>
        mutate(good, (t) => ({
          ...t,
          events: t.events.map((e) => (e.kind === 'exit' && e.pid !== t.events[0]!.pid ? { ...e, code: 1 } : e)),
        })),
    },
  ],
});

describeLesson('cpu-bound-speedup', {
  timeoutMs: 2 * RUN_TIMEOUT_MS,
  wrong: [
    {
      what: 'the cpuCount() workers’ tasks all run on one of them',
      breaks: 'run theirs at the same time',
      make: (good) =>
        mutate(good, (t) => {
          const tasks = t.events.filter((e): e is Extract<TraceEvent, { kind: 'task' }> => e.kind === 'task');
          const second = tasks.find((e) => e.job !== tasks[0]!.job)!;
          const events = t.events.map((e) =>
            e.kind === 'task' && e.job === second.job ? { ...e, pid: second.pid } : e,
          );
          return { ...t, events };
        }),
    },
  ],
});
