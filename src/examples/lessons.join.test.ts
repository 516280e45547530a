// Lesson tests for the seed's section 3 (join): the lessons' checks on CLI runs, 3.4 against 3.3 in the same minute, and wrong runs the checks catch.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceFile } from '../protocol/trace';
import { LESSON_PAIRS, lessonOf, lessonProblems, runCheck } from './lessons';
import { liveSpan, pidOf } from './lessons/query';
import { describeLesson, mutate, rewriteOutput } from './testing/lessonSuite';
import { RUN_TIMEOUT_MS, runMpplay, type MpplayRun } from './testing/testkit';

/**
 * The trace with `name`'s first sleep moved to start after `other`'s sleep ends even with `name`'s start-up taken
 * away (the checks set start-ups aside), and end as much later.
 */
function sleepAfter(t: TraceFile, name: string, other: string): TraceFile {
  const pid = pidOf(t, name);
  const otherWake = t.events.find((e) => e.pid === pidOf(t, other) && e.kind === 'running' && e.after === 'sleep')!;
  const spawn = t.events.find((e) => e.kind === 'spawn' && e.pid === pid)!;
  const booted = t.events.find((e) => e.pid === pid && e.kind === 'running' && e.after === 'start')!;
  const shift =
    otherWake.at - t.events.find((e) => e.pid === pid && e.kind === 'sleeping')!.at + (booted.at - spawn.at) + 1;
  const events = t.events.map((e) =>
    e.pid === pid &&
    ['sleeping', 'running', 'output', 'exit'].includes(e.kind) &&
    !(e.kind === 'running' && e.after === 'start')
      ? { ...e, at: e.at + shift }
      : e,
  );
  return { ...t, events: events.sort((a, b) => a.at - b.at) };
}

describeLesson('no-join', {
  wrong: [
    {
      what: '"Finished" printed last, as if the main process had joined every child',
      breaks: 'goes on at once',
      make: (good) =>
        mutate(good, (t) => {
          const main = pidOf(t, 'MainProcess');
          const i = t.events.findIndex((e) => e.kind === 'output' && e.pid === main && e.text.startsWith('Finished'));
          const [line] = t.events.splice(i, 1);
          const exit = t.events.findIndex((e) => e.kind === 'exit' && e.pid === main);
          t.events.splice(exit, 0, { ...line!, at: t.events[exit]!.at });
          return t;
        }),
    },
  ],
});

describeLesson('join-one', {
  wrong: [
    {
      what: 'the main process joins p01 instead, and prints "Finished" while p02 still counts',
      breaks: 'blocked in join(Process-2)',
      make: (good) =>
        mutate(good, (t) => ({
          ...t,
          events: t.events.map((e) =>
            e.kind === 'blocked' && e.on.op === 'join'
              ? { ...e, on: { ...e.on, obj: 'Process-1', label: 'join(Process-1)' } }
              : e,
          ),
        })),
    },
    {
      what: 'p01 lives, once started, as long as p02 (and half a millisecond more)',
      breaks: 'p01, started, ends at once',
      make: (good) =>
        mutate(good, (t) => {
          const [p1, p2] = [pidOf(t, 'Process-1'), pidOf(t, 'Process-2')];
          // Measured from p01's own start: on a busy machine p02 may start first, so "exits just before p02"
          // would still leave p01 the shorter life.
          const [life1, life2] = [liveSpan(t, p1), liveSpan(t, p2)];
          const at = life1.start + (life2.end - life2.start) + 0.5;
          const events = t.events.map((e) =>
            e.pid === p1 && ['exit', 'zombie', 'reaped'].includes(e.kind) ? { ...e, at } : e,
          );
          return { ...t, events: events.sort((a, b) => a.at - b.at) };
        }),
    },
  ],
});

describeLesson('join-in-loop', {
  wrong: [
    {
      what: 'the "Finished" figure says 1 second',
      breaks: 'about 5 seconds in all',
      make: (good) =>
        mutate(good, (t) => rewriteOutput(t, (text) => text.replace(/^Finished \d+\.\d+/, 'Finished 1.0512345'))),
    },
  ],
});

describeLesson('join-after-loop', {
  wrong: [
    {
      what: 'one child sleeps only after another has woken (no moment when all five sleep)',
      breaks: 'all five sleep at one moment',
      make: (good) => mutate(good, (t) => sleepAfter(t, 'Process-5', 'Process-1')),
    },
    {
      what: '"Finished" printed before the last child woke',
      breaks: 'about one sleep',
      make: (good) =>
        mutate(good, (t) => {
          const main = pidOf(t, 'MainProcess');
          const wakes = t.events.filter((e) => e.kind === 'running' && e.after === 'sleep');
          const events = t.events.map((e) =>
            e.kind === 'output' && e.pid === main && e.text.startsWith('Finished') ? { ...e, at: wakes[0]!.at - 1 } : e,
          );
          return { ...t, events: events.sort((a, b) => a.at - b.at) };
        }),
    },
    {
      what: 'the "Finished" figure says less than one sleep',
      breaks: 'about one sleep',
      make: (good) =>
        mutate(good, (t) => rewriteOutput(t, (text) => text.replace(/^Finished \d+\.\d+/, 'Finished 0.2512345'))),
    },
  ],
});

describe('join after the loop against join in the loop, both at speed 10, one after the other', () => {
  let inLoop: MpplayRun;
  let after: MpplayRun;
  beforeAll(async () => {
    inLoop = await runMpplay('join-in-loop', 10);
    after = await runMpplay('join-after-loop', 10);
  }, 2 * RUN_TIMEOUT_MS);

  it('both lessons hold at speed 10 too (API.md: "prints about 5 at any speed")', () => {
    expect(lessonProblems('join-in-loop', inLoop)).toEqual([]);
    expect(lessonProblems('join-after-loop', after)).toEqual([]);
  });

  it.each(LESSON_PAIRS.filter((p) => p.ids.includes('join-in-loop')))('$name', (pair) => {
    expect(pair.ids).toEqual(['join-after-loop', 'join-in-loop']);
    expect(pair.check(after, inLoop)).toEqual([]);
    // And it can fail: the two runs the other way round.
    expect(pair.check(inLoop, after)).not.toEqual([]);
  });

  it("join-in-loop's run breaks join-after-loop's claims, and the other way round", () => {
    const parallel = lessonOf('join-after-loop').checks.filter((c) => !c.name.startsWith('prints'));
    for (const c of parallel) expect(runCheck(c, inLoop), c.name).not.toEqual([]);
    const staircase = lessonOf('join-in-loop').checks.find((c) => c.name.startsWith('a staircase'))!;
    expect(runCheck(staircase, after)).not.toEqual([]);
  });
});
