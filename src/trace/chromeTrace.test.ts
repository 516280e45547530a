// The Chrome Trace Event export: valid for Perfetto (every flow start has its finish, per-track monotonic times).
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceFile } from '../protocol/trace';
import { KERNEL_PID, toChromeTrace, validateChromeTrace, type ChromeTrace } from './chromeTrace';
import { layoutTraceFile } from './layout';
import { traceOfSource } from './testing/cliTrace';
import { LOST_ITEMS, POOL_WAVES, TASK_DONE } from './testing/programs';

let lost: TraceFile;
let done: TraceFile;
let pool: TraceFile;

beforeAll(async () => {
  [lost, done, pool] = await Promise.all([
    traceOfSource('lost.ts', LOST_ITEMS),
    traceOfSource('done.ts', TASK_DONE),
    traceOfSource('pool.ts', POOL_WAVES),
  ]);
}, 120_000);

const of = (t: TraceFile) => toChromeTrace(layoutTraceFile(t), { file: t.meta.file });
const phase = (c: ChromeTrace, ph: string) => c.traceEvents.filter((e) => e.ph === ph);

describe('Chrome trace export', () => {
  it('is valid for each kind of run, and survives JSON', () => {
    for (const t of [lost, done, pool]) {
      const c = of(t);
      expect(validateChromeTrace(c)).toEqual([]);
      expect(validateChromeTrace(JSON.parse(JSON.stringify(c)) as ChromeTrace)).toEqual([]);
      expect(c.displayTimeUnit).toBe('ms');
    }
  });

  it('names one track per process, in tree order, with its state spans as complete events', () => {
    const c = of(lost);
    const names = c.traceEvents.filter((e) => e.name === 'process_name').map((e) => e.args?.['name']);
    expect(names).toEqual(['mpplay kernel (queues)', '1000 MainProcess', '1001 P0', '1002 P1', '1003 P2', '1004 C']);
    const spans = phase(c, 'X').filter((e) => e.pid === 1000);
    expect(spans.some((e) => e.cat === 'blocked' && e.name === 'join(P0)')).toBe(true);
    expect(spans.every((e) => e.tid === 1 && (e.dur ?? -1) >= 0)).toBe(true);
  });

  it('draws a flow for every item taken, and marks the ones never taken', () => {
    const c = of(lost);
    const puts = lost.events.filter((e) => e.kind === 'put').length;
    const untaken = lost.events.flatMap((e) => (e.kind === 'untaken' ? e.items : []));
    expect(untaken.length).toBeGreaterThan(0);
    expect(phase(c, 's')).toHaveLength(puts - untaken.length);
    expect(phase(c, 'f')).toHaveLength(puts - untaken.length);
    const never = phase(c, 'i').filter((e) => e.name.startsWith('never taken: '));
    expect(never).toHaveLength(untaken.length);
    expect(never.every((e) => e.pid === KERNEL_PID)).toBe(true);
    // One depth sample per queue and moment that a put or take changed it (several at one moment: the last).
    const moments = new Set(
      lost.events.flatMap((e) => (e.kind === 'put' || e.kind === 'take' ? [`${e.obj}@${e.at}`] : [])),
    );
    expect(phase(c, 'C').length).toBe(moments.size);
  });

  it('links taskDone() to the join() it releases', () => {
    const c = of(done);
    const release = phase(c, 's').filter((e) => e.cat === 'release');
    expect(release).toHaveLength(1);
    const finish = phase(c, 'f').find((e) => e.cat === 'release' && e.id === release[0]!.id)!;
    expect(finish.pid).toBe(1000);
  });

  it('puts Pool tasks on a thread of their own on each worker', () => {
    const c = of(pool);
    const tasks = phase(c, 'X').filter((e) => e.cat === 'task');
    expect(tasks).toHaveLength(9);
    expect(new Set(tasks.map((e) => e.tid))).toEqual(new Set([2]));
    expect(new Set(tasks.map((e) => e.pid)).size).toBe(3);
    expect(tasks.every((e) => e.name.startsWith('work('))).toBe(true);
  });

  it('the validator catches what Perfetto would choke on', () => {
    const bad: ChromeTrace = {
      displayTimeUnit: 'ms',
      otherData: {},
      traceEvents: [
        { name: 'a', ph: 'X', pid: 1, tid: 1, ts: 10, dur: 5 },
        { name: 'b', ph: 'X', pid: 1, tid: 1, ts: 5, dur: -1 },
        { name: 'f', ph: 's', cat: 'item', id: 1, pid: 1, tid: 1, ts: 12 },
        { name: 'g', ph: 'f', cat: 'item', id: 2, pid: 1, tid: 1, ts: 50 },
      ],
    };
    const problems = validateChromeTrace(bad).join('\n');
    expect(problems).toMatch(/comes after/);
    expect(problems).toMatch(/bad duration/);
    expect(problems).toMatch(/flow item:1 starts but never finishes/);
    expect(problems).toMatch(/flow item:2 finishes but never starts/);
    expect(problems).toMatch(/flow item:2 ends outside any slice/);
  });
});
