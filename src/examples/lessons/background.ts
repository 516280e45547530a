// The lessons of the seed's section 0: a zombie stays in the table until its parent joins it; an orphan is adopted by init.
import { endsAsExpected } from './common';
import { check } from './problems';
import { bootMs, eventFor, eventsOf, linesOf, pidOf, sleepsOf } from './query';
import type { Lesson } from './types';

export const zombie: Lesson = {
  id: 'zombie',
  // The child must boot and exit within the parent's 3-second sleep (start-ups run at 1× in program time).
  speed: 4,
  checks: [
    endsAsExpected('zombie'),
    {
      name: 'the child ends at once and is a zombie, not reaped, for the whole rest of the parent’s 3-second sleep',
      check: check((p, run) => {
        const main = pidOf(run.trace, 'MainProcess');
        const child = pidOf(run.trace, 'Process-1');
        p.equal('the child’s lines', linesOf(run, 'Process-1'), [`子进程 ${child} 开始, 并立刻结束`]);
        p.equal(
          'the parent’s first line',
          linesOf(run, 'MainProcess')[0],
          `父进程 ${main} 启动了子进程 ${child}, 先睡 3 秒, 不去回收它`,
        );
        const exit = eventFor(run.trace, 'exit', child);
        const zombie = eventFor(run.trace, 'zombie', child);
        const reaped = eventFor(run.trace, 'reaped', child);
        p.equal('the child’s exit code', exit.code, 0);
        p.atLeast('program ms of the child’s zombie event (not before its exit)', zombie.at, exit.at);
        p.equal('the pid that reaps the child', reaped.by, main);
        const [nap] = sleepsOf(run.trace, main).filter((s) => s.seconds === 3 && s.woke);
        if (!p.that(nap !== undefined, 'the parent to sleep 3 s and wake up')) return;
        // Start-up aside: a busy machine can stretch the child's start-up past the whole sleep (WebKit beside two
        // other browsers on two cores: over 6 s), and the lesson is about what happens once it has run.
        const boot = bootMs(run.trace, child);
        if (!p.that(boot !== null, 'the child to run')) return;
        p.below(
          'program ms the child turned zombie, its start-up aside (before the parent woke up)',
          zombie.at - boot!,
          nap!.end,
        );
        p.atLeast('program ms the child was reaped (after the parent woke up)', reaped.at, nap!.end);
        // A zombie for the rest of the sleep: in program time, the same measure as the sleep itself.
        p.atLeast(
          'ms the child stayed a zombie (at least the part of the 3-s sleep left after its exit)',
          reaped.at - zombie.at,
          nap!.end - Math.max(zombie.at, nap!.start),
        );
        const between = run.trace.events.filter((e) => e.pid === child && e.at > zombie.at && e.at < reaped.at);
        p.equal(
          'events of the zombie before it is reaped',
          between.map((e) => e.kind),
          [],
        );
      }),
    },
    {
      name: 'the parent reports exit code 0 only after the join() has reaped the child',
      check: check((p, run) => {
        p.equal('the parent’s last line', linesOf(run, 'MainProcess').at(-1), 'join() 之后子进程才被回收, 退出码 0');
        const main = pidOf(run.trace, 'MainProcess');
        const child = pidOf(run.trace, 'Process-1');
        const last = eventsOf(run.trace, 'output')
          .filter((e) => e.pid === main)
          .at(-1);
        const reaped = eventFor(run.trace, 'reaped', child);
        p.that(
          last !== undefined && run.trace.events.indexOf(last) > run.trace.events.indexOf(reaped),
          'the parent’s last line to come after the child is reaped',
        );
      }),
    },
  ],
};

export const orphan: Lesson = {
  id: 'orphan',
  // The main process waits (an Event) for the grandchild's first line before it terminates the parent, so the
  // order does not depend on how fast the two generations start.
  speed: 4,
  checks: [
    endsAsExpected('orphan'),
    {
      name: 'the parent is terminated with SIGTERM by the main process: exit code -15',
      check: check((p, run) => {
        const main = pidOf(run.trace, 'MainProcess');
        const parent = pidOf(run.trace, 'Process-1');
        const signal = eventFor(run.trace, 'signal', parent);
        p.equal(
          'the signal the parent gets, and from whom',
          { signal: signal.signal, from: signal.from },
          { signal: 15, from: main },
        );
        p.equal('the parent’s exit code', run.exits.get('Process-1'), -15);
        p.equal('the main process’s lines', linesOf(run, 'MainProcess'), [`父进程 ${parent} 被终止, 退出码 -15`]);
      }),
    },
    {
      name: 'the child is re-parented to pid 1 (init), and the getppid() it prints changes from its parent to 1',
      check: check((p, run) => {
        const parent = pidOf(run.trace, 'Process-1');
        const orphan = pidOf(run.trace, 'Process-1:1');
        const moved = eventFor(run.trace, 'reparented', orphan);
        p.equal(
          'the re-parenting',
          { from: moved.from, to: moved.to, ppid: moved.ppid },
          { from: parent, to: 1, ppid: 1 },
        );
        p.equal('the parent’s lines', linesOf(run, 'Process-1'), [`父进程 ${parent} 启动了子进程 ${orphan}`]);
        p.equal('the orphan’s lines', linesOf(run, 'Process-1:1'), [
          `子进程 ${orphan} 的父进程是 ${parent}`,
          `子进程 ${orphan} 的父进程现在是 1`,
        ]);
        // Adopted when its parent dies: after the parent was signalled, and at the parent's exit.
        const signal = run.trace.events.indexOf(eventFor(run.trace, 'signal', parent));
        p.above(
          'index of the re-parenting event (after the signal to the parent)',
          run.trace.events.indexOf(moved),
          signal,
        );
        p.equal('program ms of the re-parenting (the parent’s exit)', moved.at, eventFor(run.trace, 'exit', parent).at);
      }),
    },
    {
      name: 'the orphan sleeps and prints to the end after its parent’s exit, and init reaps it',
      check: check((p, run) => {
        const parent = pidOf(run.trace, 'Process-1');
        const orphan = pidOf(run.trace, 'Process-1:1');
        const parentExit = run.trace.events.indexOf(eventFor(run.trace, 'exit', parent));
        const lastLine = run.trace.events.map((e) => e.kind === 'output' && e.pid === orphan).lastIndexOf(true);
        p.above('index of the orphan’s last line (after its parent’s exit)', lastLine, parentExit);
        p.that(
          sleepsOf(run.trace, orphan).every((s) => s.woke),
          'the orphan to finish every sleep',
          sleepsOf(run.trace, orphan),
        );
        p.equal('the orphan’s exit code', eventFor(run.trace, 'exit', orphan).code, 0);
        p.equal('who reaps the orphan', eventFor(run.trace, 'reaped', orphan).by, 1);
      }),
    },
    {
      name: 'the main process does not wait for the orphan, but the run ends only when the orphan does',
      check: check((p, run) => {
        const main = eventFor(run.trace, 'exit', pidOf(run.trace, 'MainProcess'));
        const orphan = eventFor(run.trace, 'exit', pidOf(run.trace, 'Process-1:1'));
        p.equal('the main process’s exit code', main.code, 0);
        p.above('program ms of the orphan’s exit (after the main process’s)', orphan.at, main.at);
        p.atLeast('program ms of the run’s end (not before the orphan’s exit)', run.trace.result?.at ?? 0, orphan.at);
        p.equal('the run’s exit code', run.exitCode, 0);
      }),
    },
  ],
};
