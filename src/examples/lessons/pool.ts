// The lessons of the seed's section 6 (the process pool): 200 rows vs 5, apply() one at a time, applyAsync() in four waves of five.
import { endsAsExpected } from './common';
import { lengthOf, sleepSecondsIn, spans, type Span } from './poolSpans';
import { check, type Problems } from './problems';
import { eventsOf, linesOf, maxConcurrency, pidOf, totalMs } from './query';
import type { Lesson, LessonPair, LessonRun, NamedCheck } from './types';

export const WORKERS = [1, 2, 3, 4, 5].map((n) => `SpawnPoolWorker-${n}`);

/** The seed's 6.2–6.4 task: `i += 1; print(i); sleep(random.randint(1, 2))`, 20 of them, on a Pool(5) never closed. */
function twentyTasks(p: Problems, run: LessonRun, ss: Span[]): void {
  p.equal('the run’s exit code', run.exitCode, 0);
  if (!p.equal('task spans', ss.length, 20)) return;
  p.equal(
    'tasks that are not task() or raised',
    ss.filter((s) => s.fn !== 'task' || !s.ok).map((s) => s.summary),
    [],
  );
  // One job per apply/applyAsync, its one argument the loop's i.
  p.equal(
    'the tasks’ arguments',
    ss.map((s) => s.summary).sort(),
    Array.from({ length: 20 }, (_, i) => `[${i}]`).sort(),
  );
  // Each task sleeps randint(1, 2) seconds, and its span holds that sleep.
  for (const s of ss) {
    const slept = sleepSecondsIn(run.trace, s);
    p.that(
      slept.length === 1 && (slept[0] === 1 || slept[0] === 2),
      `${s.worker}’s task ${s.summary} to sleep 1 or 2 seconds once`,
      slept,
    );
    p.atLeast(
      `program ms of ${s.worker}’s task ${s.summary} (at least its sleep)`,
      lengthOf(s),
      (slept[0] ?? 0) * 1000,
    );
  }
  // Every line the workers print is one of 1..20, each once; the main process prints nothing.
  const printed = WORKERS.flatMap((w) => linesOf(run, w));
  p.equal(
    'what the workers print, sorted',
    printed.map(Number).sort((a, b) => a - b),
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
  p.equal('the main process’s lines', linesOf(run, 'MainProcess'), []);
  // Five daemonic workers, terminated when the main program ends (it never closes the pool).
  const spawns = eventsOf(run.trace, 'spawn').filter((e) => e.name !== 'MainProcess');
  p.equal(
    'the workers',
    spawns.map((e) => e.name),
    WORKERS,
  );
  p.that(
    spawns.every((e) => e.daemon),
    'every worker to be a daemon',
  );
  p.equal(
    'the workers’ exit codes',
    WORKERS.map((w) => run.exits.get(w)),
    WORKERS.map(() => -15),
  );
}

/** From the first task's start to the last one's end, in program ms. */
function elapsedOf(ss: readonly Span[]): number {
  return Math.max(...ss.map((s) => s.end)) - Math.min(...ss.map((s) => s.start));
}

/** One task at a time, in the loop's order: no two spans overlap, and the run is about the tasks' sum. */
function oneAtATime(id: string): NamedCheck[] {
  return [
    endsAsExpected(id),
    {
      name: 'runs the 20 tasks, each sleeping 1 or 2 seconds and printing its number once, on five daemon workers',
      check: check((p, run) => twentyTasks(p, run, spans(run.trace))),
    },
    {
      name: 'one task at a time, printed 1 to 20 in order: only one worker busy at any moment',
      check: check((p, run) => {
        const ss = spans(run.trace);
        p.equal('the most tasks running at once', maxConcurrency(ss), 1);
        const printed = run.lines.filter((l) => l.name.startsWith('SpawnPoolWorker-')).map((l) => l.text);
        p.equal(
          'what the workers print, in order',
          printed,
          Array.from({ length: 20 }, (_, i) => String(i + 1)),
        );
      }),
    },
    {
      name: 'about 20 task-lengths (20 to 40 s): the tasks, one after another, fill nearly all of the run',
      check: check((p, run) => {
        const ss = spans(run.trace);
        if (ss.length === 0) return void p.that(false, 'task spans');
        const busy = totalMs(ss);
        const elapsed = elapsedOf(ss);
        p.atLeast('program ms from the first task to the last (at least the tasks’ sum)', elapsed, busy - 1);
        p.atLeast('program ms of the tasks’ sum (20 tasks of 1 or 2 s)', busy, 20_000);
        // The hand-overs between tasks cost next to nothing against 1–2-second tasks.
        p.atLeast('the share of the run the tasks fill', busy / elapsed, 0.8);
      }),
    },
  ];
}

export const poolApply: Lesson = {
  id: 'pool-apply',
  speed: 10,
  checks: [
    ...oneAtATime('pool-apply'),
    {
      name: 'the main process waits in each apply(): it is blocked once per task',
      check: check((p, run) => {
        const main = pidOf(run.trace, 'MainProcess');
        p.atLeast(
          'times the main process blocks',
          eventsOf(run.trace, 'blocked').filter((e) => e.pid === main).length,
          20,
        );
      }),
    },
  ],
};

export const poolApplyAsyncWrong: Lesson = {
  id: 'pool-apply-async-wrong',
  speed: 10,
  checks: [
    ...oneAtATime('pool-apply-async-wrong'),
    {
      name: 'the main process waits in each get(): it is blocked once per task',
      check: check((p, run) => {
        const main = pidOf(run.trace, 'MainProcess');
        p.atLeast(
          'times the main process blocks',
          eventsOf(run.trace, 'blocked').filter((e) => e.pid === main).length,
          20,
        );
      }),
    },
  ],
};

export const poolApplyAsyncRight: Lesson = {
  id: 'pool-apply-async-right',
  speed: 10,
  checks: [
    endsAsExpected('pool-apply-async-right'),
    {
      name: 'runs the 20 tasks, each sleeping 1 or 2 seconds and printing its number once, on five daemon workers',
      check: check((p, run) => twentyTasks(p, run, spans(run.trace))),
    },
    {
      name: 'five tasks run at once, one on each worker; a worker that finishes takes the next task at once',
      check: check((p, run) => {
        const ss = spans(run.trace);
        p.equal('the most tasks running at once', maxConcurrency(ss), 5);
        // Submitted at once, the tasks wait only for a worker: from the moment the last worker is up, all five
        // are busy. (A worker that boots late on a busy machine lets the others take its first tasks.)
        const firsts = WORKERS.map((w) => Math.min(...ss.filter((s) => s.worker === w).map((s) => s.start)));
        const allUp = Math.max(...firsts);
        const busyThen = ss.filter((s) => s.start <= allUp && s.end > allUp).length;
        p.equal('tasks running when the last worker takes its first', busyThen, 5);
        // All 20 wait from the start: a worker that finishes takes the next one at once.
        const shortest = Math.min(...ss.map(lengthOf));
        for (const s of ss) {
          const freed = ss.filter((t) => t.worker === s.worker && t.end <= s.start).map((t) => t.end);
          if (freed.length === 0) continue;
          p.below(
            `program ms ${s.worker} idles before task ${s.summary} (a tenth of the shortest task)`,
            s.start - Math.max(...freed),
            shortest / 10,
          );
        }
        const perWorker = WORKERS.map((w) => ss.filter((s) => s.worker === w).length);
        p.that(
          Math.min(...perWorker) >= 1 && Math.max(...perWorker) <= 10,
          'the work to be shared: each worker runs at least one task, none more than half of them',
          perWorker,
        );
      }),
    },
    {
      name: 'about 4 task-lengths (four waves of five), not 20: no worker idles while tasks wait',
      check: check((p, run) => {
        const ss = spans(run.trace);
        const busy = totalMs(ss);
        const elapsed = elapsedOf(ss);
        const longest = Math.max(...ss.map(lengthOf));
        // The five workers come up one after another: the stagger of their first tasks' starts.
        const firsts = WORKERS.map((w) => Math.min(...ss.filter((s) => s.worker === w).map((s) => s.start)));
        const stagger = Math.max(...firsts) - Math.min(...firsts);
        // List scheduling: at least a fifth of the work, at most that plus one task (plus the workers' stagger
        // and their hand-overs).
        const idle = WORKERS.reduce((n, w) => {
          const mine = ss.filter((s) => s.worker === w);
          return (
            n +
            (mine.length
              ? Math.max(...mine.map((s) => s.end)) - Math.min(...mine.map((s) => s.start)) - totalMs(mine)
              : 0)
          );
        }, 0);
        p.atLeast('program ms from the first task to the last (at least a fifth of the work)', elapsed, busy / 5 - 1);
        p.atMost(
          'program ms from the first task to the last (list scheduling’s bound)',
          elapsed,
          stagger + (busy + idle) / 5 + longest,
        );
        p.below('task-lengths the run takes (about 4, not 20)', elapsed / (busy / ss.length), 10);
      }),
    },
  ],
};

/** 6.2 against 6.4, in two runs made one after the other. */
export const poolApplyCompared: LessonPair = {
  name: 'apply() one at a time takes at least three times as long as applyAsync() collected first',
  ids: ['pool-apply', 'pool-apply-async-right'],
  check: (serial, waves) => {
    const [a, b] = [elapsedOf(spans(serial.trace)), elapsedOf(spans(waves.trace))];
    return a >= 3 * b
      ? []
      : [
          `program ms from first task to last: expected pool-apply's (${Math.round(a)}) at least 3 × pool-apply-async-right's (${Math.round(b)})`,
        ];
  },
};

export const poolVsProcesses: Lesson = {
  id: 'pool-vs-processes',
  // No sleeps: the figures are start-ups and CPU work, which no speed shortens; at 1 CPython's scaled clocks print
  // real seconds too.
  speed: 1,
  checks: [
    endsAsExpected('pool-vs-processes'),
    {
      name: 'prints both timings',
      check: check((p, run) => {
        const lines = linesOf(run, 'MainProcess');
        p.equal('the main process’s lines', lines.length, 2);
        p.that(/^for循环方式启动 200 个进程: \d+\.\d+$/.test(lines[0] ?? ''), 'the loop’s timing', lines[0]);
        p.that(/^进程池 Pool\(5\) 执行 200 个任务: \d+\.\d+$/.test(lines[1] ?? ''), 'the pool’s timing', lines[1]);
      }),
    },
    {
      name: 'the chart holds 200 process rows for the loop and only 5 pool workers for the 200 items',
      check: check((p, run) => {
        const spawns = eventsOf(run.trace, 'spawn').filter((e) => e.name !== 'MainProcess');
        const procs = spawns.filter((e) => /^Process-\d+$/.test(e.name));
        const workers = spawns.filter((e) => e.name.startsWith('SpawnPoolWorker-'));
        p.equal(
          'the processes',
          procs.map((e) => e.name),
          Array.from({ length: 200 }, (_, i) => `Process-${i + 1}`),
        );
        p.equal(
          'the pool workers',
          workers.map((e) => e.name),
          [201, 202, 203, 204, 205].map((n) => `SpawnPoolWorker-${n}`),
        );
        p.equal('processes spawned', spawns.length, 205);
        p.that(
          workers.every((e) => e.daemon),
          'every worker to be a daemon',
        );
        // The pool was closed and joined: everyone exits 0.
        p.equal(
          'processes that did not exit 0',
          spawns.filter((e) => run.exits.get(e.name) !== 0).map((e) => e.name),
          [],
        );
      }),
    },
    {
      name: "map() cuts the 200 items into CPython's default chunks of 10 and runs all of them on the 5 workers, after the 200 processes",
      check: check((p, run) => {
        const ss = spans(run.trace);
        p.equal('task spans', ss.length, 20);
        p.equal('jobs', new Set(ss.map((s) => s.job)).size, 1);
        p.equal(
          'chunks',
          ss.map((s) => s.chunk).sort((a, b) => a - b),
          Array.from({ length: 20 }, (_, i) => i),
        );
        p.that(
          ss.every((s) => s.fn === 'task' && s.ok && s.worker.startsWith('SpawnPoolWorker-')),
          'every chunk to be task() on a pool worker, without error',
        );
        p.atMost('workers that ran chunks', new Set(ss.map((s) => s.worker)).size, 5);
        const names = new Map(eventsOf(run.trace, 'spawn').map((e) => [e.pid, e.name]));
        const lastProcessExit = Math.max(
          ...eventsOf(run.trace, 'exit')
            .filter((e) => /^Process-\d+$/.test(names.get(e.pid) ?? ''))
            .map((e) => e.at),
        );
        p.atLeast(
          'program ms of the first chunk (after the 200 processes were joined)',
          ss[0]?.start ?? -Infinity,
          lastProcessExit,
        );
      }),
    },
    {
      name: 'the pool is much faster: its figure is below half the loop of processes’s',
      check: check((p, run) => {
        const [loop, pool] = linesOf(run, 'MainProcess').map((l) => Number(/[\d.]+$/.exec(l)?.[0]));
        p.above('the loop’s figure', loop ?? NaN, 0);
        p.above('the pool’s figure', pool ?? NaN, 0);
        p.below('the pool’s figure (much faster: below half the loop’s)', pool ?? NaN, (loop ?? NaN) / 2);
      }),
    },
  ],
};
