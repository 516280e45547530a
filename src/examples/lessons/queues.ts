// The lessons of the seed's section 5 (Queue and JoinableQueue): end markers lose products, join() after every taskDone(), the deadlock report.
import { endsAsExpected } from './common';
import { check, type Problems } from './problems';
import { eventsOf, linesOf, pidOf } from './query';
import type { Lesson, LessonRun, LessonVariant, NamedCheck } from './types';

/** The nine products: three foods, three of each. */
export const ITEMS = ['包子', '水饺', '馒头'].flatMap((food) => [0, 1, 2].map((i) => `${food}${i}`));
/** The producers' names, which they also put into the queue as end markers. */
export const NAMES = ['worker_01', 'worker_02', 'worker_03'];
/** The one line of queue-sentinel that says how many consumers there are: the reader's edit. */
export const CONSUMERS_LINE = /^const consumers = 2;$/m;

/** What the main process's tally says: `生产了 P 个, 消费了 C 个` and `没被消费的: a, b` (or `无`); null if absent. */
export function tally(run: LessonRun): { produced: number; consumed: number; lost: string[] } | null {
  const main = linesOf(run, 'MainProcess');
  const counts = /^生产了 (\d+) 个, 消费了 (\d+) 个$/.exec(main.at(-2) ?? '');
  const lost = /^没被消费的: (.+)$/.exec(main.at(-1) ?? '');
  if (!counts || !lost) return null;
  return {
    produced: Number(counts[1]),
    consumed: Number(counts[2]),
    lost: lost[1] === '无' ? [] : lost[1]!.split(', '),
  };
}

/** The products a consumer process printed that it consumed, in order. */
export function eaten(run: LessonRun, name: string): string[] {
  return linesOf(run, name).flatMap((l) => /^----------Consumer_0\d消费了(.+)$/.exec(l)?.[1] ?? []);
}

/** What was put into the products queue (Queue#1 / JoinableQueue#1), in order: `{ item, value }`. */
function queued(run: LessonRun, obj: string): { item: number; value: string }[] {
  return eventsOf(run.trace, 'put')
    .filter((e) => e.obj === obj)
    .map((e) => ({ item: e.item, value: JSON.parse(e.summary) as string }));
}

/** Item ids put into `obj` and never taken, from the `put` and `take` events. */
function neverTaken(run: LessonRun, obj: string): number[] {
  const taken = new Set(
    eventsOf(run.trace, 'take')
      .filter((e) => e.obj === obj)
      .map((e) => e.item),
  );
  return queued(run, obj)
    .map((q) => q.item)
    .filter((id) => !taken.has(id));
}

const byNumber = (a: number, b: number) => a - b;

/**
 * With `consumers` consumers reading a FIFO queue and each leaving at the first name it gets: every product queued
 * ahead of the `consumers`-th name is eaten, and every product behind it is lost. Also: the tally agrees with what
 * the consumers printed, and the trace's `untaken` event lists exactly what nobody took.
 */
export function sentinelChecks(consumers: number): NamedCheck[] {
  const names = ['Process-4', 'Process-5'].slice(0, consumers);
  return [
    {
      name: 'each producer makes its three products, and the tally agrees with what the consumers printed',
      check: check((p, run) => {
        ['包子', '水饺', '馒头'].forEach((food, i) => {
          p.equal(
            `producer ${NAMES[i]}’s lines`,
            linesOf(run, `Process-${i + 1}`),
            [0, 1, 2].map((k) => `${NAMES[i]} 生产了${food}${k}`),
          );
        });
        p.equal(
          'the consumer processes',
          run.trace.processes.map((q) => q.name).filter((n) => /^Process-[45]$/.test(n)),
          names,
        );
        const consumed = names.flatMap((n) => eaten(run, n));
        p.equal(
          'products eaten twice',
          consumed.filter((x, i) => consumed.indexOf(x) !== i),
          [],
        );
        const t = tally(run);
        if (!p.that(t !== null, 'the main process to print its tally', linesOf(run, 'MainProcess'))) return;
        p.equal('products in the tally', t!.produced, 9);
        p.equal('products eaten, in the tally', t!.consumed, consumed.length);
        p.equal(
          'the products the tally calls lost',
          t!.lost,
          ITEMS.filter((x) => !consumed.includes(x)),
        );
        for (const n of names) {
          p.that(
            /^worker_0[123] -------\?\?\?-------$/.test(linesOf(run, n).at(-1) ?? ''),
            `${n} to stop at a producer's name`,
            linesOf(run, n).at(-1),
          );
        }
      }),
    },
    {
      name: `each consumer leaves at the first name it gets, so the products queued behind name number ${consumers} are never eaten`,
      check: check((p, run) => {
        const q = queued(run, 'Queue#1');
        const nameAt = q.map((x, i) => (NAMES.includes(x.value) ? i : -1)).filter((i) => i >= 0);
        if (!p.equal('names put into the queue', nameAt.length, 3)) return;
        const cut = nameAt[consumers - 1]!;
        const behind = q
          .slice(cut + 1)
          .filter((x) => !NAMES.includes(x.value))
          .map((x) => x.value);
        p.equal(
          'the products nobody ate (those queued behind the last name read)',
          tally(run)?.lost,
          ITEMS.filter((x) => behind.includes(x)),
        );
      }),
    },
    {
      name: 'the trace’s untaken event lists exactly the items put and never taken: the lost products and the unread names',
      check: check((p, run) => {
        const untaken = eventsOf(run.trace, 'untaken');
        const ids = untaken.flatMap((e) => e.items).sort(byNumber);
        p.equal('untaken item ids', ids, neverTaken(run, 'Queue#1').sort(byNumber));
        p.that(
          untaken.every((e) => e.obj === 'Queue#1'),
          'only Queue#1 to hold untaken items (the main process empties the report queue)',
          untaken.map((e) => e.obj),
        );
        const values = queued(run, 'Queue#1')
          .filter((x) => ids.includes(x.item))
          .map((x) => x.value);
        p.equal(
          'untaken products',
          values.filter((v) => !NAMES.includes(v)).sort(),
          [...(tally(run)?.lost ?? [])].sort(),
        );
        p.equal(
          'untaken names (the names no consumer read)',
          values.filter((v) => NAMES.includes(v)).length,
          3 - consumers,
        );
      }),
    },
  ];
}

/** In the order of the puts into Queue#1, at least one product comes after the first name. */
export function productsBehindFirstName(run: LessonRun): number {
  const q = queued(run, 'Queue#1');
  const first = q.findIndex((x) => NAMES.includes(x.value));
  return first < 0 ? 0 : q.slice(first + 1).filter((x) => !NAMES.includes(x.value)).length;
}

export const queueSentinel: Lesson = {
  id: 'queue-sentinel',
  speed: 10,
  checks: [endsAsExpected('queue-sentinel'), ...sentinelChecks(2)],
};

/** queue-sentinel with one consumer: "change consumers to 1 and run again". */
export const queueSentinelOneConsumer: LessonVariant = {
  id: 'queue-sentinel',
  name: 'one consumer',
  edit: (source) => source.replace(CONSUMERS_LINE, 'const consumers = 1;'),
  checks: [
    {
      name: 'the run ends normally, and only one consumer is started',
      check: check((p, run) => {
        p.equal('the run’s exit code', run.exitCode, 0);
        p.equal('Process-5 exists', run.exits.has('Process-5'), false);
      }),
    },
    {
      name: 'the lone consumer leaves at the first name, so fewer products are eaten than made',
      check: check((p, run) => {
        const t = tally(run);
        if (!p.that(t !== null, 'the main process to print its tally', linesOf(run, 'MainProcess'))) return;
        p.below('products eaten', t!.consumed, 9);
        p.equal('products Process-4 ate', eaten(run, 'Process-4').length, t!.consumed);
      }),
    },
    ...sentinelChecks(1),
  ],
};

/** The joinable-queue lessons' shared claim: every product is eaten exactly once. */
function allEatenOnce(p: Problems, run: LessonRun): void {
  p.equal('the products eaten', [...eaten(run, 'Process-4'), ...eaten(run, 'Process-5')].sort(), [...ITEMS].sort());
}

export const joinableQueue: Lesson = {
  id: 'joinable-queue',
  speed: 10,
  checks: [
    endsAsExpected('joinable-queue'),
    {
      name: 'all nine products are eaten once, and "主..." is the last line',
      check: check((p, run) => {
        allEatenOnce(p, run);
        const last = run.lines.at(-1);
        p.equal('the last line', last && { name: last.name, text: last.text }, { name: 'MainProcess', text: '主...' });
      }),
    },
    {
      name: 'the last of exactly 9 taskDone() releases MainProcess\'s join(), none before it does, and only then is "主..." printed',
      check: check((p, run) => {
        const main = pidOf(run.trace, 'MainProcess');
        const consumers = [pidOf(run.trace, 'Process-4'), pidOf(run.trace, 'Process-5')];
        const done = eventsOf(run.trace, 'taskDone');
        if (!p.equal('taskDone() events', done.length, 9)) return;
        p.that(
          done.every((e) => e.obj === 'JoinableQueue#1' && consumers.includes(e.pid)),
          'every taskDone() to be the consumers’ on JoinableQueue#1',
        );
        p.equal('tasks unfinished after the last taskDone()', done.at(-1)!.unfinished, 0);
        p.equal(
          'joins released before the last taskDone()',
          done.slice(0, -1).flatMap((e) => e.releases),
          [],
        );
        p.equal('joins the last taskDone() releases', done.at(-1)!.releases, [main]);
        const join = eventsOf(run.trace, 'blocked').filter(
          (e) => e.pid === main && e.on.label === 'JoinableQueue#1.join()',
        );
        if (!p.equal('times the main process blocks in JoinableQueue#1.join()', join.length, 1)) return;
        const events = run.trace.events;
        const blockedAt = events.indexOf(join[0]!);
        p.below('index of the join (before the last taskDone())', blockedAt, events.indexOf(done.at(-1)!));
        // The kernel settles the join, then records the taskDone() that did it.
        const woke = events.findIndex((e, i) => i > blockedAt && e.pid === main && e.kind === 'unblocked');
        p.above('index of the main process’s wake-up (after the 8th taskDone())', woke, events.indexOf(done.at(-2)!));
        const said = events.findIndex((e) => e.kind === 'output' && e.pid === main && e.text.includes('主...'));
        p.above('index of "主..." (after the last taskDone())', said, events.indexOf(done.at(-1)!));
      }),
    },
    {
      name: 'the daemon consumers, still waiting in get(), are terminated (exit code -15) when the main code ends',
      check: check((p, run) => {
        p.equal('the consumers’ exit codes', [run.exits.get('Process-4'), run.exits.get('Process-5')], [-15, -15]);
        p.equal('untaken items', eventsOf(run.trace, 'untaken').length, 0);
        const main = pidOf(run.trace, 'MainProcess');
        for (const n of ['Process-4', 'Process-5']) {
          const pid = pidOf(run.trace, n);
          const waits = eventsOf(run.trace, 'blocked').filter((e) => e.pid === pid);
          p.equal(`${n}’s last wait`, waits.at(-1)?.on.label, 'JoinableQueue#1.get()');
          const signal = eventsOf(run.trace, 'signal').find((e) => e.pid === pid);
          p.equal(`${n}’s signal, and from whom`, signal && { signal: signal.signal, from: signal.from }, {
            signal: 15,
            from: main,
          });
        }
      }),
    },
  ],
};

export const joinableQueueHang: Lesson = {
  id: 'joinable-queue-hang',
  speed: 10,
  checks: [
    endsAsExpected('joinable-queue-hang'),
    {
      name: 'all nine products are made and eaten, but no taskDone() is ever called and "主..." never prints',
      check: check((p, run) => {
        allEatenOnce(p, run);
        p.equal('take events', eventsOf(run.trace, 'take').length, 9);
        p.equal('taskDone() events', eventsOf(run.trace, 'taskDone').length, 0);
        p.equal('the main process’s lines', linesOf(run, 'MainProcess'), []);
      }),
    },
    {
      name: 'mpplay ends the run (exit code 124) as soon as the last process starts to wait, not never',
      check: check((p, run) => {
        p.equal('the run’s exit code', run.exitCode, 124);
        p.equal(
          'how the run ended',
          run.trace.result && { exitCode: run.trace.result.exitCode, reason: run.trace.result.reason },
          { exitCode: 124, reason: 'deadlock' },
        );
        const deadlock = eventsOf(run.trace, 'deadlock');
        if (!p.equal('deadlock events', deadlock.length, 1)) return;
        const events = run.trace.events;
        const lastBlocked = events.indexOf(eventsOf(run.trace, 'blocked').at(-1)!);
        const between = events.slice(lastBlocked + 1, events.indexOf(deadlock[0]!));
        p.equal(
          'what the program did between the last wait and the report',
          between.map((e) => `${e.kind} by ${e.pid}`),
          [],
        );
      }),
    },
    {
      name: 'the report says who waits on what: join() for 9 tasks never marked taskDone(), and both consumers in get()',
      check: check((p, run) => {
        const [deadlock] = eventsOf(run.trace, 'deadlock');
        if (!p.that(deadlock !== undefined, 'a deadlock report')) return;
        p.equal(
          'the waits',
          deadlock!.waits.map((w) => ({ name: w.name, on: w.on })),
          [
            { name: 'MainProcess', on: 'JoinableQueue#1.join()' },
            { name: 'Process-4', on: 'JoinableQueue#1.get()' },
            { name: 'Process-5', on: 'JoinableQueue#1.get()' },
          ],
        );
        p.equal(
          'why the main process waits',
          deadlock!.waits[0]?.cause,
          '9 tasks were taken by get() but never marked taskDone()',
        );
        const main = pidOf(run.trace, 'MainProcess');
        const line = `MainProcess (pid ${main}) waits in JoinableQueue#1.join(): 9 tasks were taken by get() but never marked taskDone()`;
        p.that(deadlock!.report.includes(line), `the report to say "${line}"`, deadlock!.report);
      }),
    },
    {
      name: 'the report is printed on stderr by the kernel (pid 0), after everything the program printed',
      check: check((p, run) => {
        const report = eventsOf(run.trace, 'deadlock')[0]?.report ?? '';
        const kernel = run.lines.filter((l) => l.pid === 0);
        p.that(
          kernel.every((l) => l.stream === 'stderr'),
          'the kernel’s lines to be on stderr',
        );
        p.equal('the kernel’s lines', kernel.map((l) => l.text).join('\n'), report);
        p.equal(
          'index of the kernel’s first line (after all of the program’s)',
          run.lines.findIndex((l) => l.pid === 0),
          run.lines.length - kernel.length,
        );
      }),
    },
  ],
};
