// Lesson tests for the seed's sections 1 and 2 (starting processes, isolation) and the missing __main__ guard, through the CLI.
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleById } from './catalog';
import {
  RUN_TIMEOUT_MS,
  errorSummary,
  eventFor,
  eventsOf,
  expectProblems,
  indexOfLine,
  linesOf,
  pidOf,
  runMpplay,
  traceProblems,
  type MpplayRun,
} from './testing/testkit';

/** CPython's `_check_not_importing_main` message (Lib/multiprocessing/spawn.py), as the traceback prints it. */
const BOOTSTRAPPING_ERROR = [
  'RuntimeError:',
  '        An attempt has been made to start a new process before the',
  '        current process has finished its bootstrapping phase.',
  '',
  '        This probably means that you are not using fork to start your',
  '        child processes and you have forgotten to use the proper idiom',
  '        in the main module:',
  '',
  "            if __name__ == '__main__':",
  '                freeze_support()',
  '                ...',
  '',
  '        The "freeze_support()" line can be omitted if the program',
  '        is not going to be frozen to produce an executable.',
  '',
  '        To fix this issue, refer to the "Safe importing of main module"',
  '        section in https://docs.python.org/3/library/multiprocessing.html',
];

describe.each([
  { id: 'start-function', child: 'Process-1', main: '这是主进程...' },
  { id: 'start-class', child: 'MyProcess-1', main: '这是主进程....' },
])('$id (1.x): start() returns at once and the child runs on its own', ({ id, child, main }) => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay(id);
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById(id)?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it(`the main process prints "${main}" before the child's lines`, () => {
    expect(linesOf(run, 'MainProcess')).toEqual([main]);
    expect(linesOf(run, child)).toEqual(['子进程 is running', '子进程 is done']);
    expect(indexOfLine(run, main, 'MainProcess')).toBe(0);
  });

  it(`the child is named ${child} and exits 0; the main process exits after it (it waits for non-daemon children)`, () => {
    const pid = pidOf(run.trace, child);
    expect(eventsOf(run.trace, 'spawn').map((e) => e.name)).toEqual(['MainProcess', child]);
    const childExit = eventFor(run.trace, 'exit', pid);
    const mainExit = eventFor(run.trace, 'exit', pidOf(run.trace, 'MainProcess'));
    expect(childExit.code).toBe(0);
    expect(mainExit.at).toBeGreaterThanOrEqual(childExit.at);
  });
});

describe('isolation (2): processes do not share globals', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('isolation');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('isolation')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('the child prints 101 and the parent, after join(), still 100', () => {
    expect(linesOf(run, 'Process-1')).toEqual(['子进程中执行x所得的值为------101']);
    expect(linesOf(run, 'MainProcess')).toEqual(['父进程中执行x所得的值为------100']);
    expect(indexOfLine(run, '100', 'MainProcess')).toBeGreaterThan(indexOfLine(run, '101', 'Process-1'));
    const childExit = eventFor(run.trace, 'exit', pidOf(run.trace, 'Process-1'));
    const mainLine = eventsOf(run.trace, 'output').find((e) => e.pid === pidOf(run.trace, 'MainProcess'));
    expect(mainLine!.at).toBeGreaterThanOrEqual(childExit.at);
  });
});

describe('missing-main-guard: an unguarded start() fails in the child with the bootstrapping RuntimeError', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('missing-main-guard');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('missing-main-guard')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('every process evaluates the module: __name__ is __main__ in the main process, __mp_main__ in the child', () => {
    expect(linesOf(run, 'MainProcess')[0]).toBe('执行模块, __name__ = __main__');
    expect(linesOf(run, 'Process-1')).toEqual(['执行模块, __name__ = __mp_main__']);
  });

  it("the child's start() raises Python's RuntimeError, word for word, and the child exits 1", () => {
    expect(errorSummary(linesOf(run, 'Process-1', 'stderr'))).toEqual(BOOTSTRAPPING_ERROR);
    expect(eventFor(run.trace, 'exit', pidOf(run.trace, 'Process-1')).code).toBe(1);
    expect(run.lines.some((l) => l.text.includes('子进程在运行.'))).toBe(false);
    expect(linesOf(run, 'MainProcess').at(-1)).toBe('子进程的退出码: 1');
  });

  it('stays finite: no grandchild is ever spawned', () => {
    expect(run.trace.processes.map((p) => p.name)).toEqual(['MainProcess', 'Process-1']);
    expect(run.exitCode).toBe(0);
  });
});
