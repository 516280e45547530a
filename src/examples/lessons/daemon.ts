// The lessons of the seed's section 4 (daemon processes): who outlives the main code, and who may not have children.
import { endsAsExpected } from './common';
import { check } from './problems';
import { errorSummary, eventFor, eventsOf, indexOfLine, linesOf, pidOf, sleepsOf } from './query';
import type { Lesson, LessonVariant } from './types';

export const nonDaemon: Lesson = {
  id: 'non-daemon',
  speed: 10,
  checks: [
    endsAsExpected('non-daemon'),
    {
      name: '"主进程结束." is the first line; the child, not a daemon, prints both of its lines and exits 0',
      check: check((p, run) => {
        const first = run.lines[0];
        p.equal('the first line', first && { name: first.name, text: first.text }, {
          name: 'MainProcess',
          text: '主进程结束.',
        });
        p.equal('the main process’s lines', linesOf(run, 'MainProcess'), ['主进程结束.']);
        p.equal('the child’s lines', linesOf(run, 'Process-1'), ['子进程开始.', '子进程结束.']);
        const child = pidOf(run.trace, 'Process-1');
        p.equal('the child’s exit code', eventFor(run.trace, 'exit', child).code, 0);
        p.equal('the child is a daemon', eventFor(run.trace, 'spawn', child).daemon, false);
        p.that(
          sleepsOf(run.trace, child).every((s) => s.woke),
          'the child to finish its sleep',
          sleepsOf(run.trace, child),
        );
      }),
    },
    {
      name: 'its code done, the main process waits ("exit: waiting for non-daemon children") for the child, then exits 0',
      check: check((p, run) => {
        const main = pidOf(run.trace, 'MainProcess');
        const mainLine = eventsOf(run.trace, 'output').find((e) => e.pid === main);
        const childExit = eventFor(run.trace, 'exit', pidOf(run.trace, 'Process-1'));
        const waits = eventsOf(run.trace, 'blocked').filter((e) => e.pid === main);
        p.that(
          waits.some(
            (e) =>
              mainLine !== undefined &&
              e.at >= mainLine.at &&
              e.at <= childExit.at &&
              e.on.label === 'exit: waiting for non-daemon children',
          ),
          'the main process to wait, labelled "exit: waiting for non-daemon children", between its line and the child’s exit',
          waits.map((e) => e.on.label),
        );
        const mainExit = eventFor(run.trace, 'exit', main);
        p.atLeast('program ms of the main process’s exit (not before the child’s)', mainExit.at, childExit.at);
        p.equal('the main process’s exit code', mainExit.code, 0);
        p.equal('signals sent', eventsOf(run.trace, 'signal').length, 0);
      }),
    },
  ],
};

export const daemon: Lesson = {
  id: 'daemon',
  // The child must boot and print within the main process's 1-second sleep: start-ups run at 1× in program time
  // whatever the speed, so the speed does not change that race.
  speed: 10,
  checks: [
    endsAsExpected('daemon'),
    {
      name: 'the daemon starts and prints "子进程开始." while the main process sleeps; "子进程结束." never prints',
      check: check((p, run) => {
        p.equal('the main process’s lines', linesOf(run, 'MainProcess'), ['主进程结束.']);
        p.equal('the child’s lines', linesOf(run, 'Process-1'), ['子进程开始.']);
        p.below(
          'index of "子进程开始." (before "主进程结束.")',
          indexOfLine(run, '子进程开始.'),
          indexOfLine(run, '主进程结束.'),
        );
      }),
    },
    {
      name: 'when the main code ends, the daemon is terminated in the middle of its 2-second sleep: its bar is cut short, exit code -15',
      check: check((p, run) => {
        const main = pidOf(run.trace, 'MainProcess');
        const child = pidOf(run.trace, 'Process-1');
        p.equal('the child is a daemon', eventFor(run.trace, 'spawn', child).daemon, true);
        const mainLine = eventsOf(run.trace, 'output').find((e) => e.pid === main);
        const signal = eventFor(run.trace, 'signal', child);
        p.equal(
          'the signal the child gets, and from whom',
          { signal: signal.signal, from: signal.from },
          { signal: 15, from: main },
        );
        p.atLeast(
          'program ms of the signal (not before the main process’s last line)',
          signal.at,
          mainLine?.at ?? Infinity,
        );
        const childExit = eventFor(run.trace, 'exit', child);
        p.equal('the child’s exit code', childExit.code, -15);
        const sleeps = sleepsOf(run.trace, child);
        if (
          !p.equal(
            'the child’s sleeps, and whether it woke from them',
            sleeps.map((s) => ({ seconds: s.seconds, woke: s.woke })),
            [{ seconds: 2, woke: false }],
          )
        )
          return;
        const [nap] = sleeps;
        p.below('program ms of the signal (during the sleep)', nap!.start, signal.at);
        p.below('program ms the child slept before it was cut off (less than its 2 s)', nap!.end - nap!.start, 2000);
        const mainExit = eventFor(run.trace, 'exit', main);
        p.atLeast('program ms of the main process’s exit (not before the child’s)', mainExit.at, childExit.at);
        p.equal('the run’s exit code', run.exitCode, 0);
      }),
    },
  ],
};

export const daemonNoChildren: Lesson = {
  id: 'daemon-no-children',
  speed: 10,
  checks: [
    endsAsExpected('daemon-no-children'),
    {
      name: "the daemon's start() raises AssertionError: daemonic processes are not allowed to have children",
      check: check((p, run) => {
        p.equal('the child is a daemon', eventFor(run.trace, 'spawn', pidOf(run.trace, 'Process-1')).daemon, true);
        p.equal('the child’s lines', linesOf(run, 'Process-1'), ['子进程开始.']);
        p.equal('the child’s error, frames dropped', errorSummary(linesOf(run, 'Process-1', 'stderr')), [
          'Process Process-1:',
          'AssertionError: daemonic processes are not allowed to have children',
        ]);
      }),
    },
    {
      name: 'the daemon exits with code 1, no grandchild exists, and the main process carries on and exits 0',
      check: check((p, run) => {
        const exit = eventFor(run.trace, 'exit', pidOf(run.trace, 'Process-1'));
        p.equal('the child’s exit', { code: exit.code, reason: exit.reason }, { code: 1, reason: 'exception' });
        p.equal(
          'the processes of the run',
          run.trace.processes.map((q) => q.name),
          ['MainProcess', 'Process-1'],
        );
        p.equal('the main process’s lines', linesOf(run, 'MainProcess'), ['子进程的退出码: 1']);
        p.equal('the run’s exit code', run.exitCode, 0);
      }),
    },
  ],
};

/** The line of daemon.ts that gives the child time to start: without it, the seed's program. */
export const DAEMON_SLEEP_LINE = /^ {2}await time\.sleep\(1\);.*\n/m;

/** daemon as the seed has it, without the main process's 1-second sleep: the daemon is terminated before it runs. */
export const daemonAsSeeded: LessonVariant = {
  id: 'daemon',
  name: 'without the 1-second sleep (the seed’s program)',
  edit: (source) => source.replace(DAEMON_SLEEP_LINE, ''),
  checks: [
    {
      name: 'the daemon is terminated before it ever runs: it prints nothing, and only "主进程结束." is seen',
      check: check((p, run) => {
        const child = pidOf(run.trace, 'Process-1');
        p.equal(
          'the lines',
          run.lines.map((l) => l.text),
          ['主进程结束.'],
        );
        p.equal('times the child ran', eventsOf(run.trace, 'running').filter((e) => e.pid === child).length, 0);
        p.equal('the child’s exit code', eventFor(run.trace, 'exit', child).code, -15);
        p.equal('the run’s exit code', run.exitCode, 0);
      }),
    },
  ],
};
