// Lesson tests for the seed's section 3 (join): who waits for whom, the staircase and the parallel bars, through the CLI.
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleById } from './catalog';
import {
  RUN_TIMEOUT_MS,
  eventFor,
  eventsOf,
  expectProblems,
  figures,
  indexOfLine,
  linesOf,
  pidOf,
  runMpplay,
  speedOf,
  traceProblems,
  type MpplayRun,
} from './testing/testkit';

const CHILDREN = ['Process-1', 'Process-2', 'Process-3', 'Process-4', 'Process-5'];

/** The `Finished <secs>` figure the main process prints: program seconds measured with time.time(). */
function finished(run: MpplayRun): number {
  const line = linesOf(run, 'MainProcess').at(-1) ?? '';
  expect(line).toMatch(/^Finished \d/);
  const [secs] = figures(line);
  expect(secs).toBeTypeOf('number');
  return secs!;
}

/** Each child i (0-based) prints `Child process i (its own pid)`. */
function expectChildLines(run: MpplayRun): void {
  CHILDREN.forEach((name, i) => {
    expect(linesOf(run, name)).toEqual([`Child process ${i} (${pidOf(run.trace, name)})`]);
    expect(run.exits.get(name)).toBe(0);
  });
}

describe('no-join (3.1): without join() the main process goes on at once', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('no-join');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('no-join')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('"Finished" is printed before some child\'s line', () => {
    expect(linesOf(run, 'MainProcess')).toEqual([`Parent process ${pidOf(run.trace, 'MainProcess')}`, 'Finished']);
    const lastChildLine = Math.max(...CHILDREN.map((name) => indexOfLine(run, 'Child process', name)));
    expect(indexOfLine(run, 'Finished', 'MainProcess')).toBeLessThan(lastChildLine);
    expectChildLines(run);
  });

  it('still, the main process exits only after all five children (non-daemon children are awaited at exit)', () => {
    const mainExit = eventFor(run.trace, 'exit', pidOf(run.trace, 'MainProcess'));
    for (const name of CHILDREN) {
      expect(eventFor(run.trace, 'exit', pidOf(run.trace, name)).at).toBeLessThanOrEqual(mainExit.at);
    }
  });
});

describe('join-one (3.2): the main process waits for p02 only', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('join-one');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('join-one')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('"Finished" is the very last line, after p02 has counted its five seconds', () => {
    expect(run.lines.at(-1)).toMatchObject({ name: 'MainProcess', text: 'Finished' });
    expect(linesOf(run, 'Process-1')).toEqual([`Child process 1 (${pidOf(run.trace, 'Process-1')})`]);
    expect(linesOf(run, 'Process-2')).toEqual([
      ...[0, 1, 2, 3, 4].map((i) => `一共睡眠了 ${i} 秒种`),
      `Child process 2 (${pidOf(run.trace, 'Process-2')})`,
    ]);
  });

  it('the main process is blocked in join(Process-2) for about 5 program-seconds', () => {
    const main = pidOf(run.trace, 'MainProcess');
    const blocked = eventsOf(run.trace, 'blocked').filter((e) => e.pid === main && e.on.op === 'join');
    expect(blocked.map((e) => e.on.obj)).toEqual(['Process-2']);
    const p02Exit = eventFor(run.trace, 'exit', pidOf(run.trace, 'Process-2'));
    expect(p02Exit.at - blocked[0]!.at).toBeGreaterThanOrEqual(4500);
    const finishedAt = eventsOf(run.trace, 'output')
      .filter((e) => e.pid === main)
      .at(-1)!.at;
    expect(finishedAt).toBeGreaterThanOrEqual(p02Exit.at);
  });
});

describe('join-in-loop (3.3): joining inside the loop runs the children one after another', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('join-in-loop');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('join-in-loop')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('takes at least 4.5 program-seconds (the printed figure and the trace agree)', () => {
    expectChildLines(run);
    expect(finished(run)).toBeGreaterThanOrEqual(4.5);
    expect(run.trace.events.at(-1)!.at).toBeGreaterThanOrEqual(4500);
  });

  it('draws a staircase: each child is spawned only after the previous one has exited', () => {
    for (let i = 1; i < CHILDREN.length; i++) {
      const prevExit = eventFor(run.trace, 'exit', pidOf(run.trace, CHILDREN[i - 1]!));
      const spawn = eventFor(run.trace, 'spawn', pidOf(run.trace, CHILDREN[i]!));
      expect(run.trace.events.indexOf(spawn)).toBeGreaterThan(run.trace.events.indexOf(prevExit));
    }
  });
});

describe('join-after-loop (3.4): starting all children first lets them overlap', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('join-after-loop');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('join-after-loop')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
    expectChildLines(run);
  });

  it('the bars stack in parallel: all five children sleep at the same time', () => {
    const sleeps = CHILDREN.map((name) => eventFor(run.trace, 'sleeping', pidOf(run.trace, name)).at);
    const exits = CHILDREN.map((name) => eventFor(run.trace, 'exit', pidOf(run.trace, name)).at);
    expect(Math.max(...sleeps)).toBeLessThan(Math.min(...exits));
  });

  it(`takes at most 1.5 program-seconds (at speed ${speedOf('join-after-loop')})`, () => {
    expect(finished(run)).toBeLessThanOrEqual(1.5);
  });

  it(
    'takes at most 1.5 program-seconds at speed 10 too (API.md: "prints about 5 at any speed")',
    async () => {
      const fast = await runMpplay('join-after-loop', 10);
      expect(finished(fast)).toBeLessThanOrEqual(1.5);
    },
    RUN_TIMEOUT_MS,
  );
});
