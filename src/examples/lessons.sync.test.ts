// Lesson tests beyond the seed (shared memory and synchronisation): lost updates and the lock, a Pipe's strict turns, an Event's simultaneous start, a Barrier's phases, through the CLI and its trace.
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
import type { TraceEvent } from '../protocol/trace';

/** The index in the trace of the first output event of `pid` whose text includes `text`. */
function outputAt(run: MpplayRun, pid: number, text: string): number {
  const i = run.trace.events.findIndex((e) => e.kind === 'output' && e.pid === pid && e.text.includes(text));
  expect(i, `an output of pid ${pid} with ${JSON.stringify(text)}`).toBeGreaterThanOrEqual(0);
  return i;
}

describe('lock-counter: a shared Value loses updates without the lock and none with it', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('lock-counter');
  }, RUN_TIMEOUT_MS);

  /** `[expected, actual, lost]` of the two rounds, as printed. */
  function rounds(): [number, number, number][] {
    return linesOf(run, 'MainProcess').flatMap((l) => {
      const m = /^ {4}期望 (\d+), 实际 (\d+), 丢失 (-?\d+) 次更新$/.exec(l);
      return m ? [[Number(m[1]), Number(m[2]), Number(m[3])] as [number, number, number]] : [];
    });
  }

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('lock-counter')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
    expect([...run.exits.values()].every((code) => code === 0)).toBe(true);
  });

  it('without the lock, 4 processes × 1000000 increments lose updates (they really run in parallel)', () => {
    const [expected, actual, lost] = rounds()[0]!;
    expect(expected).toBe(4_000_000);
    expect(actual + lost).toBe(expected);
    expect(lost).toBeGreaterThan(0);
  });

  it('with the lock, 4 processes × 2000 increments lose none', () => {
    expect(rounds()[1]).toEqual([8000, 8000, 0]);
  });

  it('the unlocked round never touches a lock; the locked one takes and releases it once per increment, one holder at a time', () => {
    const locks = eventsOf(run.trace, 'lock');
    const objs = [...new Set(locks.map((e) => e.obj))];
    expect(objs).toHaveLength(1); // the second Value's lock; the first Value's is never used
    const acquires = locks.filter((e) => e.op === 'acquire');
    expect(acquires).toHaveLength(8000);
    expect(locks.filter((e) => e.op === 'release')).toHaveLength(8000);
    // Mutual exclusion: acquire and release strictly alternate, each release by the process that acquired.
    let holder: number | null = null;
    const overlaps: string[] = [];
    for (const e of locks) {
      if (e.op === 'acquire' ? holder !== null : holder !== e.pid) {
        overlaps.push(`${e.op} by ${e.pid} at ${e.at} while ${String(holder)} holds it`);
      }
      holder = e.op === 'acquire' ? e.pid : null;
    }
    expect(overlaps).toEqual([]);
    // The lock is first used only after the unlocked round's four processes have all exited.
    const firstRound = ['Process-1', 'Process-2', 'Process-3', 'Process-4'].map((n) => pidOf(run.trace, n));
    const lastExit = Math.max(
      ...eventsOf(run.trace, 'exit')
        .filter((e) => firstRound.includes(e.pid))
        .map((e) => run.trace.events.indexOf(e)),
    );
    expect(run.trace.events.indexOf(locks[0]!)).toBeGreaterThan(lastExit);
  });
});

describe('pipe-ping-pong: two processes take strict turns over a Pipe', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('pipe-ping-pong');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('pipe-ping-pong')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('ping hits the even numbers and pong the odd ones, up to 10', () => {
    expect(linesOf(run, 'Process-1')).toEqual([
      'ping 发球: 0',
      ...[1, 3, 5, 7, 9].map((n) => `ping 接到 ${n}, 回球 ${n + 1}`),
    ]);
    expect(linesOf(run, 'Process-2')).toEqual([
      ...[0, 2, 4, 6, 8].map((n) => `pong 接到 ${n}, 回球 ${n + 1}`),
      'pong 接到 10, 比赛结束',
    ]);
  });

  it('every number crosses the pipe once, sent by one end and received by the other, strictly in turn', () => {
    const ping = pidOf(run.trace, 'Process-1');
    const pong = pidOf(run.trace, 'Process-2');
    const flow = run.trace.events.filter(
      (e): e is Extract<TraceEvent, { kind: 'put' | 'take' }> =>
        (e.kind === 'put' || e.kind === 'take') && e.obj === 'Pipe#1',
    );
    const puts = flow.filter((e) => e.kind === 'put');
    expect(puts.map((e) => e.summary)).toEqual(range(11).map(String));
    // put k, take k, put k+1, take k+1, …: nobody sends before it has received the previous number.
    expect(flow.map((e) => e.kind)).toEqual(range(11).flatMap(() => ['put', 'take']));
    flow.forEach((e, i) => {
      const n = Math.floor(i / 2);
      const sender = n % 2 === 0 ? ping : pong;
      const receiver = n % 2 === 0 ? pong : ping;
      expect(e.pid, `${e.kind} of ${n}`).toBe(e.kind === 'put' ? sender : receiver);
      if (e.kind === 'take') expect(e.item).toBe(puts[n]!.item);
    });
    expect(eventsOf(run.trace, 'untaken')).toEqual([]);
  });

  it('while one player swings, the other is blocked in Pipe#1.recv()', () => {
    for (const name of ['Process-1', 'Process-2']) {
      const pid = pidOf(run.trace, name);
      const recv = eventsOf(run.trace, 'blocked').filter((e) => e.pid === pid && e.on.label === 'Pipe#1.recv()');
      expect(recv.length, name).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('event-start-gun: one set() starts every waiting runner at once', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('event-start-gun');
  }, RUN_TIMEOUT_MS);

  const RUNNERS = ['Process-1', 'Process-2', 'Process-3', 'Process-4'];

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('event-start-gun')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('every runner waits in Event#1.wait() before the shot, and its first line after it is "起跑!"', () => {
    const main = pidOf(run.trace, 'MainProcess');
    const shot = outputAt(run, main, '预备... 砰!');
    RUNNERS.forEach((name, i) => {
      const pid = pidOf(run.trace, name);
      const who = `选手${i + 1}`;
      expect(linesOf(run, name)).toEqual([`${who} 各就各位`, `${who} 起跑!`, `${who} 跑了 ${i + 1} 秒, 到达终点`]);
      const blocked = eventsOf(run.trace, 'blocked').filter((e) => e.pid === pid && e.on.label === 'Event#1.wait()');
      expect(blocked, name).toHaveLength(1);
      expect(run.trace.events.indexOf(blocked[0]!)).toBeLessThan(shot);
      const after = run.trace.events.slice(shot + 1).find((e) => e.kind === 'output' && e.pid === pid);
      expect(after, name).toMatchObject({ text: `${who} 起跑!\n` });
    });
  });

  it('all four are woken together: their unblocked events follow the shot within a few program-milliseconds', () => {
    const main = pidOf(run.trace, 'MainProcess');
    const shot = run.trace.events[outputAt(run, main, '预备... 砰!')]!;
    const woken = RUNNERS.map((name) => {
      const pid = pidOf(run.trace, name);
      return eventsOf(run.trace, 'unblocked').find((e) => e.pid === pid && e.at >= shot.at);
    });
    expect(woken.every((e) => e?.reason === 'ready')).toBe(true);
    const ats = woken.map((e) => e!.at);
    expect(Math.max(...ats) - Math.min(...ats)).toBeLessThan(50);
    expect(Math.min(...ats) - shot.at).toBeLessThan(50);
  });

  it('having started together, they finish in the order of their running times', () => {
    const finish = RUNNERS.map((name, i) => outputAt(run, pidOf(run.trace, name), `跑了 ${i + 1} 秒`));
    expect(finish).toEqual([...finish].sort((a, b) => a - b));
    expect(run.lines.at(-1)).toMatchObject({ name: 'MainProcess', text: '比赛结束' });
  });
});

describe('barrier-phases: nobody starts phase k+1 before everyone has finished phase k', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('barrier-phases');
  }, RUN_TIMEOUT_MS);

  const WORKERS = ['Process-1', 'Process-2', 'Process-3'];

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('barrier-phases')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
  });

  it('in the output, every "做完第 k 阶段" comes before any "开始第 k+1 阶段"', () => {
    for (const k of [1, 2]) {
      const done = run.lines.flatMap((l, i) => (l.text.includes(`做完第 ${k} 阶段`) ? [i] : []));
      const next = run.lines.flatMap((l, i) => (l.text.includes(`开始第 ${k + 1} 阶段`) ? [i] : []));
      expect(done).toHaveLength(3);
      expect(next).toHaveLength(3);
      expect(Math.max(...done)).toBeLessThan(Math.min(...next));
    }
  });

  it('in the trace, the waiters of each phase are woken only after the last worker has finished it', () => {
    const pids = WORKERS.map((n) => pidOf(run.trace, n));
    for (const k of [1, 2, 3]) {
      const lastDone = Math.max(...pids.map((pid) => outputAt(run, pid, `做完第 ${k} 阶段`)));
      const firstDone = Math.min(...pids.map((pid) => outputAt(run, pid, `做完第 ${k} 阶段`)));
      const woken = run.trace.events.filter(
        (e, i) => e.kind === 'unblocked' && pids.includes(e.pid) && i > firstDone && i < nextPhaseStart(k),
      );
      // Two of the three wait at the barrier; the last to arrive releases them.
      expect(woken.length, `phase ${k}`).toBe(2);
      for (const e of woken) expect(run.trace.events.indexOf(e)).toBeGreaterThan(lastDone);
    }

    function nextPhaseStart(k: number): number {
      if (k === 3) return run.trace.events.length;
      return Math.min(...pids.map((pid) => outputAt(run, pid, `开始第 ${k + 1} 阶段`)));
    }
  });

  it('the first to arrive gets index 0 and announces the phase: a different worker each time', () => {
    // Phase 1: worker_2 has 1 s of work; phase 2: worker_1; phase 3: worker_3.
    expect(linesOf(run, 'Process-2')).toContain('===== 第 1 阶段: 全员完成 =====');
    expect(linesOf(run, 'Process-1')).toContain('===== 第 2 阶段: 全员完成 =====');
    expect(linesOf(run, 'Process-3')).toContain('===== 第 3 阶段: 全员完成 =====');
    expect(run.lines.filter((l) => l.text.startsWith('=====')).map((l) => l.text)).toHaveLength(3);
    // At the start and after each phase, the two who arrive before the last one wait.
    const waits = eventsOf(run.trace, 'blocked').filter((e) => e.on.label === 'Barrier#1.wait()');
    expect(waits).toHaveLength(8);
  });
});

/** `[0, 1, …, n - 1]`. */
function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
