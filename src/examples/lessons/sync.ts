// The lessons beyond the seed on shared memory and synchronisation: lost updates and the lock, a Pipe's strict turns, an Event's simultaneous start, a Barrier's phases.
import type { TraceEvent } from '../../protocol/trace';
import { endsAsExpected } from './common';
import { check } from './problems';
import { eventsOf, linesOf, outputIndex, pidOf } from './query';
import type { Lesson, LessonRun } from './types';

/** `[expected, actual, lost]` of lock-counter's two rounds, as printed. */
function rounds(run: LessonRun): [number, number, number][] {
  return linesOf(run, 'MainProcess').flatMap((l) => {
    const m = /^ {4}期望 (\d+), 实际 (\d+), 丢失 (-?\d+) 次更新$/.exec(l);
    return m ? [[Number(m[1]), Number(m[2]), Number(m[3])] as [number, number, number]] : [];
  });
}

export const lockCounter: Lesson = {
  id: 'lock-counter',
  speed: 10,
  checks: [
    endsAsExpected('lock-counter'),
    {
      name: 'without the lock, 4 processes × 1000000 increments lose updates (they really run in parallel)',
      check: check((p, run) => {
        p.equal(
          'processes that did not exit 0',
          [...run.exits].filter(([, c]) => c !== 0).map(([n]) => n),
          [],
        );
        const [expected, actual, lost] = rounds(run)[0] ?? [NaN, NaN, NaN];
        p.equal('the unlocked round’s expected total', expected, 4_000_000);
        p.equal('actual + lost (the unlocked round)', actual + lost, expected);
        p.above('updates lost without the lock', lost, 0);
      }),
    },
    {
      name: 'with the lock, 4 processes × 2000 increments lose none',
      check: check((p, run) => p.equal('the locked round', rounds(run)[1], [8000, 8000, 0])),
    },
    {
      name: 'the unlocked round never touches a lock; the locked one takes and releases it once per increment, one holder at a time',
      check: check((p, run) => {
        const locks = eventsOf(run.trace, 'lock');
        p.equal('locks used', new Set(locks.map((e) => e.obj)).size, 1); // the second Value's; the first's is never used
        p.equal('acquires', locks.filter((e) => e.op === 'acquire').length, 8000);
        p.equal('releases', locks.filter((e) => e.op === 'release').length, 8000);
        // Mutual exclusion: acquire and release strictly alternate, each release by the process that acquired.
        let holder: number | null = null;
        const overlaps: string[] = [];
        for (const e of locks) {
          if (e.op === 'acquire' ? holder !== null : holder !== e.pid)
            overlaps.push(`${e.op} by ${e.pid} at ${e.at} while ${String(holder)} holds it`);
          holder = e.op === 'acquire' ? e.pid : null;
        }
        p.equal('lock hand-overs that break mutual exclusion', overlaps.slice(0, 5), []);
        // The lock is first used only after the unlocked round's four processes have all exited.
        const firstRound = ['Process-1', 'Process-2', 'Process-3', 'Process-4'].map((n) => pidOf(run.trace, n));
        const lastExit = Math.max(
          ...eventsOf(run.trace, 'exit')
            .filter((e) => firstRound.includes(e.pid))
            .map((e) => run.trace.events.indexOf(e)),
        );
        p.above(
          'index of the first lock event (after the unlocked round)',
          locks[0] ? run.trace.events.indexOf(locks[0]) : -1,
          lastExit,
        );
      }),
    },
  ],
};

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export const pipePingPong: Lesson = {
  id: 'pipe-ping-pong',
  speed: 10,
  checks: [
    endsAsExpected('pipe-ping-pong'),
    {
      name: 'ping hits the even numbers and pong the odd ones, up to 10',
      check: check((p, run) => {
        p.equal('ping’s lines', linesOf(run, 'Process-1'), [
          'ping 发球: 0',
          ...[1, 3, 5, 7, 9].map((n) => `ping 接到 ${n}, 回球 ${n + 1}`),
        ]);
        p.equal('pong’s lines', linesOf(run, 'Process-2'), [
          ...[0, 2, 4, 6, 8].map((n) => `pong 接到 ${n}, 回球 ${n + 1}`),
          'pong 接到 10, 比赛结束',
        ]);
      }),
    },
    {
      name: 'every number crosses the pipe once, from one end to the other, strictly in turn',
      check: check((p, run) => {
        const ping = pidOf(run.trace, 'Process-1');
        const pong = pidOf(run.trace, 'Process-2');
        const flow = run.trace.events.filter(
          (e): e is Extract<TraceEvent, { kind: 'put' | 'take' }> =>
            (e.kind === 'put' || e.kind === 'take') && e.obj === 'Pipe#1',
        );
        const puts = flow.filter((e) => e.kind === 'put');
        p.equal(
          'the numbers sent',
          puts.map((e) => e.summary),
          range(11).map(String),
        );
        // put k, take k, put k+1, take k+1, …: nobody sends before it has received the previous number.
        p.equal(
          'the order of sends and receives',
          flow.map((e) => e.kind),
          range(11).flatMap(() => ['put', 'take']),
        );
        const wrong = flow.flatMap((e, i) => {
          const n = Math.floor(i / 2);
          const who = (e.kind === 'put') === (n % 2 === 0) ? ping : pong;
          const item = e.kind === 'take' && e.item !== puts[n]?.item;
          return e.pid !== who || item ? [`${e.kind} of ${n} by ${e.pid}`] : [];
        });
        p.equal('sends or receives by the wrong end', wrong, []);
        p.equal('untaken items', eventsOf(run.trace, 'untaken').length, 0);
      }),
    },
    {
      name: 'while one player swings, the other is blocked in Pipe#1.recv()',
      check: check((p, run) => {
        for (const name of ['Process-1', 'Process-2']) {
          const pid = pidOf(run.trace, name);
          p.atLeast(
            `times ${name} blocks in Pipe#1.recv()`,
            eventsOf(run.trace, 'blocked').filter((e) => e.pid === pid && e.on.label === 'Pipe#1.recv()').length,
            5,
          );
        }
      }),
    },
  ],
};

const RUNNERS = ['Process-1', 'Process-2', 'Process-3', 'Process-4'];

export const eventStartGun: Lesson = {
  id: 'event-start-gun',
  // Started together, the runners finish 1 program-second apart: wake-ups must stay well under that.
  speed: 4,
  checks: [
    endsAsExpected('event-start-gun'),
    {
      name: 'every runner reports and waits in Event#1.wait() before the shot; its first line after it is "起跑!"',
      check: check((p, run) => {
        const shot = outputIndex(run.trace, pidOf(run.trace, 'MainProcess'), '预备... 砰!');
        RUNNERS.forEach((name, i) => {
          const pid = pidOf(run.trace, name);
          const who = `选手${i + 1}`;
          p.equal(`${name}’s lines`, linesOf(run, name), [
            `${who} 各就各位`,
            `${who} 起跑!`,
            `${who} 跑了 ${i + 1} 秒, 到达终点`,
          ]);
          const blocked = eventsOf(run.trace, 'blocked').filter(
            (e) => e.pid === pid && e.on.label === 'Event#1.wait()',
          );
          if (!p.equal(`times ${name} waits in Event#1.wait()`, blocked.length, 1)) return;
          p.below(`index of ${name}’s wait (before the shot)`, run.trace.events.indexOf(blocked[0]!), shot);
          const after = run.trace.events.slice(shot + 1).find((e) => e.kind === 'output' && e.pid === pid);
          p.equal(
            `${name}’s first line after the shot`,
            after?.kind === 'output' ? after.text : undefined,
            `${who} 起跑!\n`,
          );
        });
      }),
    },
    {
      name: 'one set() wakes all four at the same instant: their unblocked events follow the shot together, at one program time',
      check: check((p, run) => {
        const events = run.trace.events;
        const shot = outputIndex(run.trace, pidOf(run.trace, 'MainProcess'), '预备... 砰!');
        const pids = RUNNERS.map((n) => pidOf(run.trace, n));
        const woken = events.flatMap((e, i) => (i > shot && e.kind === 'unblocked' && pids.includes(e.pid) ? [i] : []));
        if (!p.equal('runners woken after the shot', woken.length, 4)) return;
        p.equal(
          'reasons',
          woken.map((i) => (events[i] as Extract<TraceEvent, { kind: 'unblocked' }>).reason),
          ['ready', 'ready', 'ready', 'ready'],
        );
        // In one step of the kernel: nothing else happens in between, and no time passes.
        const between = events
          .slice(shot + 1, woken.at(-1)! + 1)
          .filter((e) => !(e.kind === 'unblocked' && pids.includes(e.pid)));
        p.equal(
          'events between the shot and the last wake-up',
          between.map((e) => `${e.kind} by ${e.pid}`),
          [],
        );
        p.equal('program ms from the first wake-up to the last', events[woken.at(-1)!]!.at - events[woken[0]!]!.at, 0);
      }),
    },
    {
      name: 'having started together, they finish in the order of their running times',
      check: check((p, run) => {
        const finish = RUNNERS.map((name, i) => outputIndex(run.trace, pidOf(run.trace, name), `跑了 ${i + 1} 秒`));
        p.equal(
          'the order of the runners’ arrivals',
          finish.map((_, i) => i).sort((a, b) => finish[a]! - finish[b]!),
          [0, 1, 2, 3],
        );
        const last = run.lines.at(-1);
        p.equal('the last line', last && { name: last.name, text: last.text }, {
          name: 'MainProcess',
          text: '比赛结束',
        });
      }),
    },
  ],
};

const BARRIER_WORKERS = ['Process-1', 'Process-2', 'Process-3'];

export const barrierPhases: Lesson = {
  id: 'barrier-phases',
  // Who reaches the barrier first in a phase (and prints its line) is decided by 1-second differences in the work:
  // wake-ups after the barrier must stay well under 1 program-second apart.
  speed: 4,
  checks: [
    endsAsExpected('barrier-phases'),
    {
      name: 'in the output, every "做完第 k 阶段" comes before any "开始第 k+1 阶段"',
      check: check((p, run) => {
        for (const k of [1, 2]) {
          const done = run.lines.flatMap((l, i) => (l.text.includes(`做完第 ${k} 阶段`) ? [i] : []));
          const next = run.lines.flatMap((l, i) => (l.text.includes(`开始第 ${k + 1} 阶段`) ? [i] : []));
          p.equal(`lines finishing phase ${k}`, done.length, 3);
          p.equal(`lines starting phase ${k + 1}`, next.length, 3);
          p.below(
            `index of the last "做完第 ${k} 阶段" (before the first "开始第 ${k + 1} 阶段")`,
            Math.max(...done),
            Math.min(...next),
          );
        }
      }),
    },
    {
      name: 'in the trace, the waiters of each phase are woken only after the last worker has finished it',
      check: check((p, run) => {
        const pids = BARRIER_WORKERS.map((n) => pidOf(run.trace, n));
        const doneAt = (k: number) => pids.map((pid) => outputIndex(run.trace, pid, `做完第 ${k} 阶段`));
        const nextStart = (k: number) =>
          k === 3
            ? run.trace.events.length
            : Math.min(...pids.map((pid) => outputIndex(run.trace, pid, `开始第 ${k + 1} 阶段`)));
        for (const k of [1, 2, 3]) {
          const firstDone = Math.min(...doneAt(k));
          const lastDone = Math.max(...doneAt(k));
          const woken = run.trace.events.flatMap((e, i) =>
            e.kind === 'unblocked' && pids.includes(e.pid) && i > firstDone && i < nextStart(k) ? [i] : [],
          );
          // Two of the three wait at the barrier; the last to arrive releases them.
          p.equal(`waiters woken in phase ${k}`, woken.length, 2);
          for (const i of woken)
            p.above(`index of a wake-up in phase ${k} (after the last worker finished it)`, i, lastDone);
        }
      }),
    },
    {
      name: 'the first to arrive gets index 0 and announces the phase: a different worker each time',
      check: check((p, run) => {
        // Phase 1: worker_2 has 1 s of work; phase 2: worker_1; phase 3: worker_3.
        p.that(linesOf(run, 'Process-2').includes('===== 第 1 阶段: 全员完成 ====='), 'worker_2 to announce phase 1');
        p.that(linesOf(run, 'Process-1').includes('===== 第 2 阶段: 全员完成 ====='), 'worker_1 to announce phase 2');
        p.that(linesOf(run, 'Process-3').includes('===== 第 3 阶段: 全员完成 ====='), 'worker_3 to announce phase 3');
        p.equal('announcements', run.lines.filter((l) => l.text.startsWith('=====')).length, 3);
        // At the start and after each phase, the two who arrive before the last one wait.
        p.equal(
          'waits at the barrier',
          eventsOf(run.trace, 'blocked').filter((e) => e.on.label === 'Barrier#1.wait()').length,
          8,
        );
      }),
    },
  ],
};
