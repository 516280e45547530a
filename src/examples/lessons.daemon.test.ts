// Lesson tests for the seed's section 4 (daemon processes): the lessons' checks on CLI runs, and wrong runs they catch.
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleById } from './catalog';
import { LESSON_VARIANTS, lessonProblems, runCheck } from './lessons';
import { DAEMON_SLEEP_LINE } from './lessons/daemon';
import { pidOf } from './lessons/query';
import { describeLesson, mutate } from './testing/lessonSuite';
import { RUN_TIMEOUT_MS, runMpplay, type MpplayRun } from './testing/testkit';

describeLesson('non-daemon', {
  wrong: [
    {
      what: 'the main process exits at once, without waiting for its non-daemon child',
      breaks: 'its code done, the main process waits',
      make: (good) =>
        mutate(good, (t) => {
          const main = pidOf(t, 'MainProcess');
          return { ...t, events: t.events.filter((e) => !(e.kind === 'blocked' && e.pid === main)) };
        }),
    },
  ],
});

describeLesson('daemon', {
  wrong: [
    {
      what: 'the daemon is killed before it ever ran (the seed’s own output: the bar cannot be seen cut short)',
      breaks: 'in the middle of its 2-second sleep',
      make: (good) =>
        mutate(good, (t) => {
          const child = pidOf(t, 'Process-1');
          return {
            ...t,
            events: t.events.filter((e) => !(e.pid === child && ['running', 'sleeping', 'output'].includes(e.kind))),
          };
        }),
    },
    {
      what: 'the daemon sleeps to the end and is killed only after it',
      breaks: 'in the middle of its 2-second sleep',
      make: (good) =>
        mutate(good, (t) => {
          const child = pidOf(t, 'Process-1');
          const signal = t.events.findIndex((e) => e.kind === 'signal' && e.pid === child);
          t.events.splice(signal, 0, {
            ...t.events[signal]!,
            kind: 'running',
            after: 'sleep',
          } as (typeof t.events)[number]);
          return t;
        }),
    },
  ],
});

describeLesson('daemon-no-children', {
  wrong: [
    {
      what: 'the daemon starts its grandchild and ends normally',
      breaks: 'exits with code 1',
      make: (good) =>
        mutate(good, (t) => ({
          ...t,
          events: t.events.map((e) =>
            e.kind === 'exit' && e.pid === pidOf(t, 'Process-1') ? { ...e, code: 0, reason: 'returned' } : e,
          ),
        })),
    },
  ],
});

describe('daemon as the seed has it, without the 1-second sleep', () => {
  const variant = LESSON_VARIANTS.find((v) => v.id === 'daemon')!;
  let seeded: MpplayRun;
  beforeAll(async () => {
    seeded = await runMpplay('daemon', undefined, { edit: variant.edit });
  }, RUN_TIMEOUT_MS);

  it('is the seed’s program plus one line, in both languages', () => {
    const { source, python } = exampleById('daemon')!;
    expect(source.match(new RegExp(DAEMON_SLEEP_LINE.source, 'gm'))).toHaveLength(1);
    expect(python).toMatch(/^ {4}time\.sleep\(1\) {2}# .*$/m);
  });

  it.each(variant.checks.map((c) => ({ name: c.name, c })))('$name', ({ c }) => {
    expect(runCheck(c, seeded), `${seeded.stdout}\n${seeded.stderr}`).toEqual([]);
  });

  it("the lesson's checks report it: nothing to see cut short", () => {
    expect(lessonProblems('daemon', seeded)).not.toEqual([]);
  });
});
