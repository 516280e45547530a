// Each number defined once: computed from known traces, named the same in every language's line, and a pool's
// speed-up that agrees with what the program itself prints (a real CPU-bound run through the CLI).
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { layoutTrace } from './layout';
import { NUMBER_WORDS } from './numbers';
import { summarize } from './summary';
import { summaryItems, summaryLine, summaryMeanings } from './summaryText';
import { traceOf } from './testing/cliTrace';

const ev = (e: object) => ({ ppid: 1000, ...e }) as TraceEvent;

/** The orphan lesson's shape: everybody sleeps, almost nobody runs. MainProcess runs 0–100, sleeps 100–3100. */
const SLEEPERS: TraceEvent[] = [
  ev({ at: 0, kind: 'spawn', pid: 1000, ppid: 0, name: 'MainProcess', daemon: false }),
  ev({ at: 0, kind: 'start', pid: 1000, ppid: 0 }),
  ev({ at: 0, kind: 'running', pid: 1000, ppid: 0, after: 'start' }),
  ev({ at: 50, kind: 'spawn', pid: 1001, name: 'Process-1', daemon: false }),
  ev({ at: 100, kind: 'sleeping', pid: 1000, ppid: 0, seconds: 3 }),
  ev({ at: 150, kind: 'start', pid: 1001 }),
  ev({ at: 150, kind: 'running', pid: 1001, after: 'start' }),
  ev({ at: 250, kind: 'sleeping', pid: 1001, seconds: 5 }),
  ev({ at: 3100, kind: 'running', pid: 1000, ppid: 0, after: 'sleep' }),
  ev({
    at: 3100,
    kind: 'blocked',
    pid: 1000,
    ppid: 0,
    on: { obj: 'Process-1', op: 'join', label: 'join(Process-1)', timeout: null },
  }),
  ev({ at: 5250, kind: 'running', pid: 1001, after: 'sleep' }),
  ev({ at: 5300, kind: 'exit', pid: 1001, code: 0, reason: 'returned' }),
  ev({ at: 5300, kind: 'zombie', pid: 1001 }),
  ev({ at: 5300, kind: 'reaped', pid: 1001, by: 1000 }),
  ev({ at: 5300, kind: 'unblocked', pid: 1000, ppid: 0, reason: 'ready' }),
  ev({ at: 5400, kind: 'exit', pid: 1000, ppid: 0, code: 0, reason: 'returned' }),
];

describe('summarize: one definition of each number', () => {
  it('program time, Σ running (code only), Σ sleeping, parallelism = running ÷ program time', () => {
    const s = summarize(layoutTrace(SLEEPERS, 5400), 560);
    expect(s.programMs).toBe(5400);
    expect(s.realMs).toBe(560);
    // MainProcess ran 0–100 and 3100–3100 and 5300–5400; Process-1 ran 150–250 and 5250–5300.
    expect(s.runningMs).toBe(100 + 100 + 100 + 50);
    expect(s.sleepingMs).toBe(3000 + 5000);
    expect(s.parallelism).toBeCloseTo(350 / 5400, 6);
    // Everyone sleeping is no parallel work (the complaint: "parallelism 2.12×" for the orphan lesson).
    expect(s.parallelism).toBeLessThan(0.1);
    expect(s.processes.map((p) => [p.name, p.runningMs, p.sleepingMs])).toEqual([
      ['MainProcess', 200, 3000],
      ['Process-1', 150, 5000],
    ]);
  });

  it('a pool: pool time from Pool(…) to its last task, tasks at once, speed-up against the earlier pool of the same tasks', () => {
    const task = (at: number, pid: number, pool: string, phase: 'start' | 'end', job: number) =>
      ev({ at, kind: 'task', pid, obj: pool, phase, job, chunk: 0, fn: 'count', summary: '', ok: true });
    const events: TraceEvent[] = [
      ev({ at: 0, kind: 'spawn', pid: 1000, ppid: 0, name: 'MainProcess', daemon: false }),
      ev({ at: 0, kind: 'start', pid: 1000, ppid: 0 }),
      // Pool#1: one worker, two tasks of 400 ms one after the other; created at 10, last task ends at 900.
      ev({ at: 10, kind: 'object', pid: 1000, ppid: 0, obj: 'Pool#1', objKind: 'Pool', id: '1000.1' }),
      ev({ at: 20, kind: 'spawn', pid: 1001, name: 'SpawnPoolWorker-1', daemon: true }),
      task(100, 1001, 'Pool#1', 'start', 1),
      task(500, 1001, 'Pool#1', 'end', 1),
      task(500, 1001, 'Pool#1', 'start', 2),
      task(900, 1001, 'Pool#1', 'end', 2),
      // Pool#2: two workers, the same two tasks at once but slower (a busy machine): 1000 → 1700.
      ev({ at: 1000, kind: 'object', pid: 1000, ppid: 0, obj: 'Pool#2', objKind: 'Pool', id: '1000.2' }),
      ev({ at: 1010, kind: 'spawn', pid: 1002, name: 'SpawnPoolWorker-2', daemon: true }),
      ev({ at: 1010, kind: 'spawn', pid: 1003, name: 'SpawnPoolWorker-3', daemon: true }),
      task(1100, 1002, 'Pool#2', 'start', 3),
      task(1100, 1003, 'Pool#2', 'start', 3),
      task(1700, 1002, 'Pool#2', 'end', 3),
      task(1650, 1003, 'Pool#2', 'end', 3),
    ];
    const s = summarize(layoutTrace(events, 1800));
    expect(s.pools.map((p) => p.name)).toEqual(['Pool#1', 'Pool#2']);
    const [one, two] = s.pools as [(typeof s.pools)[0], (typeof s.pools)[0]];
    expect(one).toMatchObject({ workers: 1, tasks: 2, taskMs: 800, poolMs: 890, concurrency: 1, speedup: null });
    expect(two).toMatchObject({ workers: 2, tasks: 2, taskMs: 1150, poolMs: 700 });
    expect(two.concurrency).toBeCloseTo(1150 / 600, 6);
    expect(two.speedup).toEqual({ against: 'Pool#1', ratio: 890 / 700 });
    const line = summaryLine(s);
    expect(line).toContain('Pool#2: 2 tasks · pool time 700 ms · tasks at once 1.92× · speed-up 1.27× vs Pool#1');
  });

  it('names every number the same in the line, the items and the meanings, in English and in Chinese', () => {
    const s = summarize(layoutTrace(SLEEPERS, 5400), 560);
    for (const lang of ['en', 'zh'] as const) {
      const w = NUMBER_WORDS[lang];
      const line = summaryLine(s, lang);
      const items = summaryItems(s, lang);
      expect(items.map((i) => i.id)).toEqual(['programTime', 'realTime', 'running', 'sleeping', 'parallelism']);
      for (const i of items) {
        expect(i.label).toBe(w[i.id].name);
        expect(line).toContain(`${i.label} ${i.value}`);
      }
      expect(summaryMeanings(s, lang)).toEqual(items.map((i) => `${w[i.id].name}: ${w[i.id].means}`));
    }
    expect(summaryLine(s)).toBe(
      'program time 5.4 s · real time 560 ms · Σ running 350 ms · Σ sleeping 8 s · parallelism 0.06×',
    );
    expect(summaryLine(s, 'zh')).toBe('程序时间 5.4 s · 真实时间 560 ms · Σ 运行 350 ms · Σ 睡眠 8 s · 并行度 0.06×');
  });

  it('agrees with the speed-up the CPU-bound lesson prints about itself', async () => {
    const file = await traceOf('src/examples/programs/cpu-bound-speedup.ts', 1);
    const printed = file.events
      .filter((e): e is Extract<TraceEvent, { kind: 'output' }> => e.kind === 'output')
      .map((e) => /加速比: ([\d.]+) 倍/.exec(e.text)?.[1])
      .find((x) => x !== undefined);
    expect(printed).toBeDefined();
    const s = summarize(layoutTrace(file.events, file.result?.at));
    const pool = s.pools.find((p) => p.speedup)!;
    expect(pool.speedup!.against).toBe(s.pools[0]!.name);
    // The same run measured twice (by the program's clock and by the trace): equal to a few per cent.
    expect(pool.speedup!.ratio / Number(printed)).toBeGreaterThan(0.95);
    expect(pool.speedup!.ratio / Number(printed)).toBeLessThan(1.05);
  }, 120_000);
});
