// Lesson tests for the seed's section 5 (Queue and JoinableQueue): lost items, join() after every taskDone(), and the deadlock report, through the CLI and its trace.
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleById } from './catalog';
import {
  RUN_TIMEOUT_MS,
  eventsOf,
  expectProblems,
  linesOf,
  pidOf,
  runMpplay,
  traceProblems,
  type MpplayRun,
} from './testing/testkit';

/** The nine products: three foods, three of each. */
const ITEMS = ['包子', '水饺', '馒头'].flatMap((food) => [0, 1, 2].map((i) => `${food}${i}`));
/** The producers' names, which they also put into the queue as end markers. */
const NAMES = ['worker_01', 'worker_02', 'worker_03'];

/** The one line of the program that says how many consumers there are: the reader's edit. */
const CONSUMERS_LINE = /^const consumers = 2;$/m;

/** Item ids that were put (into any queue or pipe) and never taken, from the `put` and `take` events. */
function neverTaken(run: MpplayRun): number[] {
  const taken = new Set(eventsOf(run.trace, 'take').map((e) => e.item));
  return eventsOf(run.trace, 'put')
    .map((e) => e.item)
    .filter((id) => !taken.has(id));
}

/** What the main process's tally says: `生产了 P 个, 消费了 C 个` and `没被消费的: a, b` (or `无`). */
function tally(run: MpplayRun): { produced: number; consumed: number; lost: string[] } {
  const main = linesOf(run, 'MainProcess');
  const counts = /^生产了 (\d+) 个, 消费了 (\d+) 个$/.exec(main.at(-2) ?? '');
  const lost = /^没被消费的: (.+)$/.exec(main.at(-1) ?? '');
  expect(counts, main.join('\n')).not.toBeNull();
  expect(lost, main.join('\n')).not.toBeNull();
  return {
    produced: Number(counts![1]),
    consumed: Number(counts![2]),
    lost: lost![1] === '无' ? [] : lost![1]!.split(', '),
  };
}

/** The products a consumer process printed that it consumed, in order. */
function eaten(run: MpplayRun, name: string): string[] {
  return linesOf(run, name).flatMap((l) => /^----------Consumer_0\d消费了(.+)$/.exec(l)?.[1] ?? []);
}

describe('queue-sentinel (5.1): names as end markers lose products', () => {
  let run: MpplayRun;
  let one: MpplayRun;
  beforeAll(async () => {
    [run, one] = await Promise.all([
      runMpplay('queue-sentinel'),
      runMpplay('queue-sentinel', undefined, { edit: (s) => s.replace(CONSUMERS_LINE, 'const consumers = 1;') }),
    ]);
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('queue-sentinel')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('the one-consumer variant is one edit away: a single `const consumers = 2;` line near the top', () => {
    const source = exampleById('queue-sentinel')!.source;
    expect(source.match(new RegExp(CONSUMERS_LINE.source, 'gm'))).toHaveLength(1);
    expect(source.split('\n').findIndex((l) => CONSUMERS_LINE.test(l))).toBeLessThan(10);
    expect(exampleById('queue-sentinel')!.python).toMatch(/^consumers = 2$/m);
  });

  it('each producer makes its three products, and the tally agrees with what the consumers printed', () => {
    ['包子', '水饺', '馒头'].forEach((food, i) => {
      expect(linesOf(run, `Process-${i + 1}`)).toEqual([0, 1, 2].map((k) => `${NAMES[i]} 生产了${food}${k}`));
    });
    const consumed = [...eaten(run, 'Process-4'), ...eaten(run, 'Process-5')];
    const t = tally(run);
    expect(t.produced).toBe(9);
    expect(t.consumed).toBe(consumed.length);
    expect(t.lost).toEqual(ITEMS.filter((x) => !consumed.includes(x)));
  });

  it('with one consumer, fewer products are consumed than produced: it leaves at the first name', () => {
    expect(one.exitCode).toBe(0);
    expect(traceProblems(one.trace)).toEqual([]);
    expect(one.exits.has('Process-5')).toBe(false); // only one consumer was started
    const t = tally(one);
    expect(t.produced).toBe(9);
    expect(t.consumed).toBeLessThan(9);
    expect(t.lost.length).toBe(9 - t.consumed);
    expect(eaten(one, 'Process-4')).toHaveLength(t.consumed);
    expect(linesOf(one, 'Process-4').at(-1)).toMatch(/^worker_0[123] -------\?\?\?-------$/);
  });

  it("with one consumer, the trace's untaken event lists exactly the items put and never taken", () => {
    const untaken = eventsOf(one.trace, 'untaken');
    expect(untaken.map((e) => e.obj)).toEqual(['Queue#1']); // the report queue is emptied by the main process
    const ids = untaken.flatMap((e) => e.items);
    expect([...ids].sort((a, b) => a - b)).toEqual(neverTaken(one).sort((a, b) => a - b));
    // Those items are the products the tally calls lost, and the end markers nobody read.
    const puts = new Map(eventsOf(one.trace, 'put').map((e) => [e.item, e]));
    const values = ids.map((id) => JSON.parse(puts.get(id)!.summary) as string);
    expect(values.filter((v) => !NAMES.includes(v)).sort()).toEqual([...tally(one).lost].sort());
    expect(values.filter((v) => NAMES.includes(v)).length).toBe(2); // the consumer read one name of three
  });

  it('with two consumers, every item left untaken in the trace is one nobody took', () => {
    const ids = eventsOf(run.trace, 'untaken').flatMap((e) => e.items);
    expect([...ids].sort((a, b) => a - b)).toEqual(neverTaken(run).sort((a, b) => a - b));
  });
});

describe('joinable-queue (5.2): join() returns after exactly 9 taskDone()', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('joinable-queue');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('joinable-queue')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('all nine products are consumed once, before "主..." is the last line', () => {
    expect([...eaten(run, 'Process-4'), ...eaten(run, 'Process-5')].sort()).toEqual([...ITEMS].sort());
    expect(run.lines.at(-1)).toMatchObject({ name: 'MainProcess', text: '主...' });
  });

  it("the last of exactly 9 taskDone() events releases MainProcess's join(), and none before it does", () => {
    const main = pidOf(run.trace, 'MainProcess');
    const consumers = [pidOf(run.trace, 'Process-4'), pidOf(run.trace, 'Process-5')];
    const done = eventsOf(run.trace, 'taskDone');
    expect(done).toHaveLength(9);
    expect(done.every((e) => e.obj === 'JoinableQueue#1' && consumers.includes(e.pid))).toBe(true);
    expect(done.at(-1)!.unfinished).toBe(0);
    expect(done.slice(0, -1).flatMap((e) => e.releases)).toEqual([]);
    expect(done.at(-1)!.releases).toEqual([main]);

    const join = eventsOf(run.trace, 'blocked').filter(
      (e) => e.pid === main && e.on.label === 'JoinableQueue#1.join()',
    );
    expect(join).toHaveLength(1);
    // Blocked in join() before the last taskDone(); woken (the kernel settles the join, then records the
    // taskDone() that did it) only after the one before it; "主..." only after the last.
    const events = run.trace.events;
    const blockedAt = events.indexOf(join[0]!);
    expect(blockedAt).toBeLessThan(events.indexOf(done.at(-1)!));
    const woke = events.findIndex((e, i) => i > blockedAt && e.pid === main && e.kind === 'unblocked');
    expect(woke).toBeGreaterThan(events.indexOf(done.at(-2)!));
    const said = events.findIndex((e) => e.kind === 'output' && e.pid === main && e.text.includes('主...'));
    expect(said).toBeGreaterThan(events.indexOf(done.at(-1)!));
  });

  it('the daemon consumers, still waiting in get(), are terminated when the main code ends', () => {
    expect(run.exits.get('Process-4')).toBe(-15);
    expect(run.exits.get('Process-5')).toBe(-15);
    expect(eventsOf(run.trace, 'untaken')).toEqual([]);
  });
});

describe('joinable-queue-hang (5.2 note 3): without taskDone() the run ends with a deadlock report', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('joinable-queue-hang');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and ends with exit code 124, as the catalog says', () => {
    expect(expectProblems(run, exampleById('joinable-queue-hang')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
    expect(run.exitCode).toBe(124);
    expect(run.trace.result).toMatchObject({ exitCode: 124, reason: 'deadlock' });
  });

  it('ends within seconds of the last consumer starting to wait, not never', () => {
    expect(run.trace.result!.wallMs).toBeLessThan(10_000);
    const deadlock = eventsOf(run.trace, 'deadlock');
    expect(deadlock).toHaveLength(1);
    const lastBlocked = eventsOf(run.trace, 'blocked').at(-1)!;
    expect(deadlock[0]!.at - lastBlocked.at).toBeLessThan(1000); // program ms
  });

  it('all nine products are consumed, but no taskDone() is ever called', () => {
    expect([...eaten(run, 'Process-4'), ...eaten(run, 'Process-5')].sort()).toEqual([...ITEMS].sort());
    expect(eventsOf(run.trace, 'take')).toHaveLength(9);
    expect(eventsOf(run.trace, 'taskDone')).toEqual([]);
    expect(linesOf(run, 'MainProcess')).toEqual([]);
  });

  it('the report names join() and get(): who waits on what, and why', () => {
    const [deadlock] = eventsOf(run.trace, 'deadlock');
    const waits = deadlock!.waits.map((w) => ({ name: w.name, on: w.on }));
    expect(waits).toEqual([
      { name: 'MainProcess', on: 'JoinableQueue#1.join()' },
      { name: 'Process-4', on: 'JoinableQueue#1.get()' },
      { name: 'Process-5', on: 'JoinableQueue#1.get()' },
    ]);
    expect(deadlock!.waits[0]!.cause).toBe('9 tasks were taken by get() but never marked taskDone()');
    const main = pidOf(run.trace, 'MainProcess');
    expect(deadlock!.report).toContain(
      `MainProcess (pid ${main}) waits in JoinableQueue#1.join(): 9 tasks were taken by get() but never marked taskDone()`,
    );
  });

  it('the report is printed on stderr by the kernel (pid 0), after everything the program printed', () => {
    const report = eventsOf(run.trace, 'deadlock')[0]!.report;
    expect(run.stderr).toContain(report);
    const kernel = run.lines.filter((l) => l.pid === 0);
    expect(kernel.every((l) => l.stream === 'stderr')).toBe(true);
    expect(kernel.map((l) => l.text).join('\n')).toBe(report);
    expect(run.lines.findIndex((l) => l.pid === 0)).toBe(run.lines.length - kernel.length);
  });
});
