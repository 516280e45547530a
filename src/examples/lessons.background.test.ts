// Lesson tests for the seed's section 0 (zombie and orphan processes): the lessons' checks on CLI runs, and wrong runs they catch.
import type { TraceEvent } from '../protocol/trace';
import { pidOf } from './lessons/query';
import { describeLesson, mutate } from './testing/lessonSuite';

describeLesson('zombie', {
  wrong: [
    {
      what: 'the parent reaps the child as soon as it exits (no zombie while the parent sleeps)',
      breaks: 'is a zombie, not reaped',
      make: (good) =>
        mutate(good, (t) => {
          const child = pidOf(t, 'Process-1');
          const zombie = t.events.findIndex((e) => e.kind === 'zombie' && e.pid === child);
          const reaped = t.events.findIndex((e) => e.kind === 'reaped' && e.pid === child);
          const [moved] = t.events.splice(reaped, 1) as [TraceEvent];
          t.events.splice(zombie + 1, 0, { ...moved, at: t.events[zombie]!.at });
          return t;
        }),
    },
  ],
});

describeLesson('orphan', {
  wrong: [
    {
      what: 'the orphan is never adopted: no re-parenting, and its old parent reaps it',
      breaks: 're-parented to pid 1',
      make: (good) =>
        mutate(good, (t) => {
          const orphan = pidOf(t, 'Process-1:1');
          t.events = t.events.filter((e) => !(e.kind === 'reparented' && e.pid === orphan));
          return t;
        }),
    },
    {
      what: 'the orphan is reaped by its dead parent, not by init',
      breaks: 'init reaps it',
      make: (good) =>
        mutate(good, (t) => {
          const orphan = pidOf(t, 'Process-1:1');
          const parent = pidOf(t, 'Process-1');
          t.events = t.events.map((e) => (e.kind === 'reaped' && e.pid === orphan ? { ...e, by: parent } : e));
          return t;
        }),
    },
    {
      what: 'the main process waits for the orphan and exits after it',
      breaks: 'does not wait for the orphan',
      make: (good) =>
        mutate(good, (t) => {
          const main = pidOf(t, 'MainProcess');
          const end = t.events.at(-1)!.at + 1;
          t.events = t.events.map((e) => (e.kind === 'exit' && e.pid === main ? { ...e, at: end } : e));
          return t;
        }),
    },
  ],
});
