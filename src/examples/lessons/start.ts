// The lessons of the seed's sections 1 and 2 (starting a process, isolation) and of the missing __main__ guard.
import { endsAsExpected } from './common';
import { check } from './problems';
import { errorSummary, eventFor, eventsOf, indexOfLine, linesOf, pidOf } from './query';
import type { Lesson } from './types';

/** start-function and start-class: the same lesson, the child named after its class in the second. */
function startLesson(id: string, child: string, main: string): Lesson {
  return {
    id,
    speed: 10,
    checks: [
      endsAsExpected(id),
      {
        name: `start() returns at once: the main process prints "${main}" before the child's two lines`,
        check: check((p, run) => {
          p.equal('the main process’s lines', linesOf(run, 'MainProcess'), [main]);
          p.equal(`${child}’s lines`, linesOf(run, child), ['子进程 is running', '子进程 is done']);
          p.equal(`index of "${main}" among all lines`, indexOfLine(run, main, 'MainProcess'), 0);
        }),
      },
      {
        name: `the child is named ${child} and exits 0; the main process's code ends first, yet it exits only after the child (it waits for non-daemon children)`,
        check: check((p, run) => {
          const pid = pidOf(run.trace, child);
          const mainPid = pidOf(run.trace, 'MainProcess');
          p.equal(
            'the processes spawned',
            eventsOf(run.trace, 'spawn').map((e) => e.name),
            ['MainProcess', child],
          );
          const childExit = eventFor(run.trace, 'exit', pid);
          const mainExit = eventFor(run.trace, 'exit', mainPid);
          p.equal(`${child}’s exit code`, childExit.code, 0);
          const waits = eventsOf(run.trace, 'blocked').filter((e) => e.pid === mainPid && e.on.op === 'exit');
          const lastLine = eventsOf(run.trace, 'output')
            .filter((e) => e.pid === mainPid)
            .at(-1);
          p.that(
            waits.some((w) => lastLine !== undefined && w.at >= lastLine.at && w.at <= childExit.at),
            'the main process, its code done, to wait for the child before the child exits',
            waits.map((w) => w.on.label),
          );
          p.atLeast('program ms of the main process’s exit (not before the child’s)', mainExit.at, childExit.at);
        }),
      },
    ],
  };
}

export const startFunction = startLesson('start-function', 'Process-1', '这是主进程...');
export const startClass = startLesson('start-class', 'MyProcess-1', '这是主进程....');

export const isolation: Lesson = {
  id: 'isolation',
  speed: 10,
  checks: [
    endsAsExpected('isolation'),
    {
      name: 'the child prints 101, and the parent, after join(), still 100',
      check: check((p, run) => {
        p.equal('the child’s lines', linesOf(run, 'Process-1'), ['子进程中执行x所得的值为------101']);
        p.equal('the parent’s lines', linesOf(run, 'MainProcess'), ['父进程中执行x所得的值为------100']);
        const childExit = eventFor(run.trace, 'exit', pidOf(run.trace, 'Process-1'));
        const mainLine = eventsOf(run.trace, 'output').find((e) => e.pid === pidOf(run.trace, 'MainProcess'));
        p.that(
          mainLine !== undefined && mainLine.at >= childExit.at,
          'the parent’s line to come after the child has exited (joined)',
        );
      }),
    },
  ],
};

/** CPython's `_check_not_importing_main` message (Lib/multiprocessing/spawn.py), as the traceback prints it. */
export const BOOTSTRAPPING_ERROR = [
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

export const missingMainGuard: Lesson = {
  id: 'missing-main-guard',
  speed: 10,
  checks: [
    endsAsExpected('missing-main-guard'),
    {
      name: 'every process evaluates the module: __name__ is __main__ in the main process, __mp_main__ in the child',
      check: check((p, run) => {
        p.equal('the main process’s first line', linesOf(run, 'MainProcess')[0], '执行模块, __name__ = __main__');
        p.equal('the child’s lines', linesOf(run, 'Process-1'), ['执行模块, __name__ = __mp_main__']);
      }),
    },
    {
      name: "the child's start() raises Python's RuntimeError word for word, task never runs, and the child exits 1",
      check: check((p, run) => {
        p.equal(
          'the child’s error, frames dropped',
          errorSummary(linesOf(run, 'Process-1', 'stderr')),
          BOOTSTRAPPING_ERROR,
        );
        p.equal('the child’s exit code', eventFor(run.trace, 'exit', pidOf(run.trace, 'Process-1')).code, 1);
        p.equal('lines saying task ran', run.lines.filter((l) => l.text.includes('子进程在运行.')).length, 0);
        p.equal('the main process’s last line', linesOf(run, 'MainProcess').at(-1), '子进程的退出码: 1');
      }),
    },
    {
      name: 'the rule stops the chain: no grandchild is ever spawned',
      check: check((p, run) => {
        p.equal(
          'the processes of the run',
          run.trace.processes.map((q) => q.name),
          ['MainProcess', 'Process-1'],
        );
        p.equal('the run’s exit code', run.exitCode, 0);
      }),
    },
  ],
};
