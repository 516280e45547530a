// Lesson tests for the seed's sections 1 and 2 (starting processes, isolation) and the missing __main__ guard: the lessons' checks on CLI runs, and wrong runs they catch.
import { pidOf } from './lessons/query';
import { describeLesson, mutate, rewriteOutput, type WrongRun } from './testing/lessonSuite';

/** The run as if start() had waited: the main process's line moved after everything the child did. */
const mainLineLast: WrongRun = {
  what: 'the main process prints only after the child has run (as if start() waited)',
  breaks: 'start() returns at once',
  make: (good) =>
    mutate(good, (t) => {
      const main = pidOf(t, 'MainProcess');
      const i = t.events.findIndex((e) => e.kind === 'output' && e.pid === main);
      const [line] = t.events.splice(i, 1);
      const exit = t.events.findIndex((e) => e.kind === 'exit' && e.pid === main);
      t.events.splice(exit, 0, { ...line!, at: t.events[exit]!.at });
      return t;
    }),
};

describeLesson('start-function', {
  wrong: [
    mainLineLast,
    {
      what: 'the main process exits before its non-daemon child',
      breaks: 'exits only after the child',
      make: (good) =>
        mutate(good, (t) => {
          const main = pidOf(t, 'MainProcess');
          const line = t.events.find((e) => e.kind === 'output' && e.pid === main)!;
          t.events = t.events.map((e) => (e.kind === 'exit' && e.pid === main ? { ...e, at: line.at } : e));
          return t;
        }),
    },
  ],
});

describeLesson('start-class', { wrong: [mainLineLast] });

describeLesson('isolation', {
  wrong: [
    {
      what: 'the parent sees the child’s change (shared globals)',
      breaks: 'still 100',
      make: (good) => mutate(good, (t) => rewriteOutput(t, (text) => text.replace('------100', '------101'))),
    },
  ],
});

describeLesson('missing-main-guard', {
  wrong: [
    {
      what: 'the child runs task instead of raising',
      breaks: 'raises Python',
      make: (good) =>
        mutate(good, (t) => {
          const child = pidOf(t, 'Process-1');
          return {
            ...t,
            events: t.events
              .filter((e) => !(e.kind === 'output' && e.pid === child && e.stream === 'stderr'))
              .map((e) => (e.kind === 'exit' && e.pid === child ? { ...e, code: 0 } : e)),
          };
        }),
    },
  ],
});
