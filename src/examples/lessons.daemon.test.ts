// Lesson tests for the seed's section 4 (daemon processes): who outlives the main code, and who may not have children, through the CLI.
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleById } from './catalog';
import {
  RUN_TIMEOUT_MS,
  errorSummary,
  eventFor,
  eventsOf,
  expectProblems,
  linesOf,
  pidOf,
  runMpplay,
  traceProblems,
  type MpplayRun,
} from './testing/testkit';

describe('non-daemon (4.1): the main code ends first, the child still finishes', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('non-daemon');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('non-daemon')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('"主进程结束." is the first line; the child prints both of its lines and exits 0', () => {
    expect(run.lines[0]).toMatchObject({ name: 'MainProcess', text: '主进程结束.' });
    expect(linesOf(run, 'MainProcess')).toEqual(['主进程结束.']);
    expect(linesOf(run, 'Process-1')).toEqual(['子进程开始.', '子进程结束.']);
    expect(eventFor(run.trace, 'exit', pidOf(run.trace, 'Process-1')).code).toBe(0);
    expect(eventFor(run.trace, 'spawn', pidOf(run.trace, 'Process-1')).daemon).toBe(false);
  });

  it('after its code ends the main process waits, blocked, for the non-daemon child, then exits 0', () => {
    const main = pidOf(run.trace, 'MainProcess');
    const mainLine = eventsOf(run.trace, 'output').find((e) => e.pid === main)!;
    const childExit = eventFor(run.trace, 'exit', pidOf(run.trace, 'Process-1'));
    const waits = eventsOf(run.trace, 'blocked').filter((e) => e.pid === main);
    expect(waits.some((e) => e.at >= mainLine.at && e.at <= childExit.at)).toBe(true);
    const mainExit = eventFor(run.trace, 'exit', main);
    expect(mainExit.at).toBeGreaterThanOrEqual(childExit.at);
    expect(mainExit.code).toBe(0);
    expect(eventsOf(run.trace, 'signal')).toEqual([]);
  });
});

describe('daemon (4.2): a daemon child is terminated when the main code ends', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('daemon');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('daemon')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('"子进程结束." never prints; "子进程开始." at most', () => {
    expect(linesOf(run, 'MainProcess')).toEqual(['主进程结束.']);
    expect(['子进程开始.'].slice(0, linesOf(run, 'Process-1').length)).toEqual(linesOf(run, 'Process-1'));
    expect(run.lines.some((l) => l.text.includes('子进程结束.'))).toBe(false);
  });

  it('the daemon gets SIGTERM from the main process once its code has ended: exit code -15', () => {
    const main = pidOf(run.trace, 'MainProcess');
    const child = pidOf(run.trace, 'Process-1');
    expect(eventFor(run.trace, 'spawn', child).daemon).toBe(true);
    const mainLine = eventsOf(run.trace, 'output').find((e) => e.pid === main)!;
    const signal = eventFor(run.trace, 'signal', child);
    expect(signal).toMatchObject({ signal: 15, from: main });
    expect(signal.at).toBeGreaterThanOrEqual(mainLine.at);
    const childExit = eventFor(run.trace, 'exit', child);
    expect(childExit.code).toBe(-15);
    // Cut short: it never finishes its 2-second sleep.
    expect(eventsOf(run.trace, 'running').filter((e) => e.pid === child && e.after === 'sleep')).toEqual([]);
    const mainExit = eventsOf(run.trace, 'exit').find((e) => e.pid === main);
    expect(mainExit!.at).toBeGreaterThanOrEqual(childExit.at);
    expect(run.exitCode).toBe(0);
  });
});

describe('daemon-no-children (4.2): a daemon may not start processes of its own', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('daemon-no-children');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('daemon-no-children')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it("the daemon's start() raises AssertionError: daemonic processes are not allowed to have children", () => {
    expect(eventFor(run.trace, 'spawn', pidOf(run.trace, 'Process-1')).daemon).toBe(true);
    expect(linesOf(run, 'Process-1')).toEqual(['子进程开始.']);
    expect(errorSummary(linesOf(run, 'Process-1', 'stderr'))).toEqual([
      'Process Process-1:',
      'AssertionError: daemonic processes are not allowed to have children',
    ]);
  });

  it('the daemon exits with code 1, no grandchild exists, and the main process carries on', () => {
    expect(eventFor(run.trace, 'exit', pidOf(run.trace, 'Process-1'))).toMatchObject({ code: 1, reason: 'exception' });
    expect(run.trace.processes.map((p) => p.name)).toEqual(['MainProcess', 'Process-1']);
    expect(linesOf(run, 'MainProcess')).toEqual(['子进程的退出码: 1']);
    expect(run.exitCode).toBe(0);
  });
});
