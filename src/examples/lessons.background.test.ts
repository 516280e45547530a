// Lesson tests for the seed's section 0 (zombie and orphan processes): each runs the example through the CLI and checks what the trace must show.
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleById } from './catalog';
import {
  RUN_TIMEOUT_MS,
  eventFor,
  eventsOf,
  expectProblems,
  linesOf,
  pidOf,
  runMpplay,
  traceProblems,
  type MpplayRun,
} from './testing/testkit';

describe('zombie (0.1): a finished child stays a zombie until its parent joins it', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('zombie');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('zombie')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('the child exits at once and is a zombie, not reaped, while the parent sleeps', () => {
    const main = pidOf(run.trace, 'MainProcess');
    const child = pidOf(run.trace, 'Process-1');
    expect(linesOf(run, 'Process-1')).toEqual([`子进程 ${child} 开始, 并立刻结束`]);
    expect(linesOf(run, 'MainProcess')[0]).toBe(`父进程 ${main} 启动了子进程 ${child}, 先睡 3 秒, 不去回收它`);
    const exit = eventFor(run.trace, 'exit', child);
    const zombie = eventFor(run.trace, 'zombie', child);
    const reaped = eventFor(run.trace, 'reaped', child);
    expect(exit.code).toBe(0);
    expect(zombie.at).toBeGreaterThanOrEqual(exit.at);
    expect(reaped.by).toBe(main);
    // A zombie for at least ~1 program-second: the parent sleeps 3 s before it joins.
    expect(reaped.at - zombie.at).toBeGreaterThanOrEqual(1000);
    const sleeping = eventsOf(run.trace, 'sleeping').find((e) => e.pid === main && e.seconds === 3);
    const woke = eventsOf(run.trace, 'running').find((e) => e.pid === main && e.after === 'sleep');
    expect(sleeping, 'the parent sleeps 3 s').toBeDefined();
    expect(woke, 'the parent wakes up').toBeDefined();
    expect(zombie.at).toBeLessThan(woke!.at);
    expect(reaped.at).toBeGreaterThanOrEqual(woke!.at);
    const between = run.trace.events.filter((e) => e.pid === child && e.at > zombie.at && e.at < reaped.at);
    expect(between, 'nothing happens to the zombie until it is reaped').toEqual([]);
  });

  it('reports exit code 0 only after the join', () => {
    expect(linesOf(run, 'MainProcess').at(-1)).toBe('join() 之后子进程才被回收, 退出码 0');
    const child = pidOf(run.trace, 'Process-1');
    const lastOutput = eventsOf(run.trace, 'output').filter((e) => e.pid === pidOf(run.trace, 'MainProcess'));
    expect(lastOutput.at(-1)!.at).toBeGreaterThanOrEqual(eventFor(run.trace, 'reaped', child).at);
  });
});

describe('orphan (0.2): a child whose parent is terminated is adopted by pid 1 and finishes', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('orphan');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('orphan')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('the parent is terminated with SIGTERM: exit code -15', () => {
    const main = pidOf(run.trace, 'MainProcess');
    const parent = pidOf(run.trace, 'Process-1');
    const signal = eventFor(run.trace, 'signal', parent);
    expect(signal).toMatchObject({ signal: 15, from: main });
    expect(eventFor(run.trace, 'exit', parent).code).toBe(-15);
    expect(run.exits.get('Process-1')).toBe(-15);
    expect(linesOf(run, 'MainProcess')).toEqual([`父进程 ${parent} 被终止, 退出码 -15`]);
  });

  it('the child is re-parented to pid 1 and its getppid() changes from its parent to 1', () => {
    const parent = pidOf(run.trace, 'Process-1');
    const orphan = pidOf(run.trace, 'Process-1:1');
    expect(eventFor(run.trace, 'reparented', orphan)).toMatchObject({ from: parent, to: 1, ppid: 1 });
    expect(linesOf(run, 'Process-1')).toEqual([`父进程 ${parent} 启动了子进程 ${orphan}`]);
    expect(linesOf(run, 'Process-1:1')).toEqual([
      `子进程 ${orphan} 的父进程是 ${parent}`,
      `子进程 ${orphan} 的父进程现在是 1`,
    ]);
  });

  it("the orphan's last line comes after its parent's exit, and init reaps it", () => {
    const parent = pidOf(run.trace, 'Process-1');
    const orphan = pidOf(run.trace, 'Process-1:1');
    const parentExit = run.trace.events.indexOf(eventFor(run.trace, 'exit', parent));
    const lastLine = run.trace.events.map((e) => e.kind === 'output' && e.pid === orphan).lastIndexOf(true);
    expect(lastLine).toBeGreaterThan(parentExit);
    expect(eventFor(run.trace, 'exit', orphan).code).toBe(0);
    expect(eventFor(run.trace, 'reaped', orphan).by).toBe(1);
  });

  it('the main process does not wait for the orphan, but the run ends only when the orphan does', () => {
    const main = eventFor(run.trace, 'exit', pidOf(run.trace, 'MainProcess'));
    const orphan = eventFor(run.trace, 'exit', pidOf(run.trace, 'Process-1:1'));
    expect(main.code).toBe(0);
    expect(orphan.at).toBeGreaterThan(main.at);
    expect(run.trace.result?.at ?? 0).toBeGreaterThanOrEqual(orphan.at);
    expect(run.exitCode).toBe(0);
  });
});
