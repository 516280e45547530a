// The kernel's Pool object alone, with a fake host: how it hands chunks out, and what it sends the owner.
import { describe, expect, it } from 'vitest';
import type { Pid } from '../../protocol/messages';
import type { Answer, ObjectHost, Parked } from './base';
import { PoolObject } from './pool';

const OWNER: Pid = 1000;
const W1: Pid = 1001;
const W2: Pid = 1002;

interface Handed {
  job: number;
  index: number;
  guess: boolean;
}

/** What a worker receives: a copy (the kernel goes on using its own array of what it handed). */
const copy = (chunks: unknown[]): Handed[] =>
  (chunks as Handed[]).map(({ job, index, guess }) => ({ job, index, guess }));

/** A pool of two workers parked in take(); `handed(pid)` is what each take was answered, in order. */
function setup() {
  const answers = new Map<Pid, Handed[][]>();
  const notices: Record<string, unknown>[] = [];
  /** What the pool holds against the run's cap (ObjectHost.hold), with no cap. */
  const held = { bytes: 0 };
  const host = {
    hold: (bytes: number) => ((held.bytes += bytes), true),
    unhold: (bytes: number) => void (held.bytes -= bytes),
    memoryError: (): Answer => ({ ok: false, name: 'MemoryError', message: 'cap' }),
    park: (c: { pid: Pid }): Parked => {
      const parked: Parked = {
        pid: c.pid,
        settled: false,
        settle: (a: Answer | null) => {
          parked.settled = true;
          if (a?.ok && Array.isArray(a.value)) answers.get(c.pid)!.push(copy(a.value));
        },
      };
      return parked;
    },
    answer: (c: { pid: Pid }, a: Answer) => {
      if (a.ok && Array.isArray(a.value)) answers.get(c.pid)!.push(copy(a.value));
    },
    emit: () => {},
    notify: (_pid: Pid, _id: string, data: unknown) => void notices.push(data as Record<string, unknown>),
    isLive: () => true,
    broadcast: () => {},
    signal: () => {},
  } as unknown as ObjectHost;
  const pool = new PoolObject('o1', 'Pool', 'Pool#1', host, { processes: 2 }, OWNER);
  let callId = 0;
  const take = (pid: Pid) => pool.call('take', [256], { pid, callId: ++callId, timeout: null });
  for (const w of [W1, W2]) {
    answers.set(w, []);
    pool.addWorker(w);
    take(w);
  }
  const ids = (pid: Pid, n: number) => answers.get(pid)![n]!.map((c) => `${c.job}:${c.index}${c.guess ? '?' : ''}`);
  /** The worker reports a chunk: its values, how long it ran, and whether it gives back the rest of its lease. */
  const result = (pid: Pid, job: number, index: number, ms: number, givesBack = false) =>
    pool.op(pid, 'result', [job, index, true, new Float64Array(20).fill(index), ms, givesBack]);
  const submit = (job: number, fn: string, chunks: number) =>
    pool.op(OWNER, 'submit', [
      job,
      'map',
      fn,
      Array.from({ length: chunks }, () => new Float64Array(20)),
      false,
      false,
      undefined,
    ]);
  /** The worker reports every chunk of its n-th lease as quick, and asks for more. */
  const report = (pid: Pid, n: number) => {
    for (const c of answers.get(pid)![n]!) result(pid, c.job, c.index, 0.1);
    take(pid);
  };
  return { pool, take, ids, result, report, submit, notices, held };
}

describe('Pool object: handing out chunks', () => {
  it('splits a job among idle workers at once when its function was quick in its last job, as a guess', () => {
    const s = setup();
    s.submit(1, 'f', 8);
    // Nothing known of f yet: one chunk each, then leases once a chunk has shown f to be quick.
    expect([s.ids(W1, 0), s.ids(W2, 0)]).toEqual([['1:0'], ['1:1']]);
    s.report(W1, 0);
    expect(s.ids(W1, 1)).toEqual(['1:2', '1:3', '1:4', '1:5']);
    s.report(W2, 0);
    expect(s.ids(W2, 1)).toEqual(['1:6', '1:7']);
    s.report(W1, 1);
    s.report(W2, 1);
    // The next job of f goes out in halves at submit, each lease marked as a guess.
    s.submit(2, 'f', 8);
    expect(s.ids(W1, 2)).toEqual(['2:0?', '2:1?', '2:2?', '2:3?']);
    expect(s.ids(W2, 2)).toEqual(['2:4?', '2:5?', '2:6?', '2:7?']);
    s.report(W1, 2);
    s.report(W2, 2);
    // A function never seen is still handed one chunk per worker.
    s.submit(3, 'g', 8);
    expect([s.ids(W1, 3), s.ids(W2, 3)]).toEqual([['3:0'], ['3:1']]);
  });

  it('puts back, in order, what a worker gives back after a slow chunk of a guessed lease, for the next free worker', () => {
    const s = setup();
    s.submit(1, 'f', 2);
    s.result(W1, 1, 0, 0.1);
    s.result(W2, 1, 1, 0.1);
    s.take(W1);
    s.take(W2);
    s.submit(2, 'f', 8);
    expect(s.ids(W1, 1)).toEqual(['2:0?', '2:1?', '2:2?', '2:3?']);
    expect(s.ids(W2, 1)).toEqual(['2:4?', '2:5?', '2:6?', '2:7?']);
    s.result(W2, 2, 4, Infinity, true); // it waited: 5, 6, 7 go back
    s.result(W1, 2, 0, Infinity, true); // and 1, 2, 3
    s.take(W2);
    s.take(W1);
    // Back in submission order, one at a time now that the job is known to be slow.
    expect([s.ids(W2, 2), s.ids(W1, 2)]).toEqual([['2:1'], ['2:2']]);
  });

  it("forwards each map chunk's values to the owner as it reports, and keeps none", () => {
    const s = setup();
    s.submit(1, 'f', 2);
    s.result(W2, 1, 1, 0.1);
    expect(s.notices).toHaveLength(1);
    expect(s.notices[0]).toMatchObject({ job: 1, chunk: 1 });
    expect(s.notices[0]!.values).toEqual(new Float64Array(20).fill(1));
    s.result(W1, 1, 0, 0.1);
    expect(s.notices.slice(1)).toEqual([
      expect.objectContaining({ job: 1, chunk: 0 }),
      { job: 1, done: true, answer: { ok: true } },
    ]);
  });

  it('holds its tasks against the run cap from submit until each result, and a map result only on its way', () => {
    const s = setup();
    s.submit(1, 'f', 4);
    const tasks = s.held.bytes;
    expect(tasks).toBeGreaterThan(4 * 160); // four chunks of 20 float64s
    s.result(W1, 1, 0, 50);
    expect(s.held.bytes).toBeLessThan(tasks);
    expect(s.held.bytes).toBeGreaterThan(0);
    s.result(W2, 1, 1, 50);
    s.take(W1);
    s.take(W2);
    expect([s.ids(W1, 1), s.ids(W2, 1)]).toEqual([['1:2'], ['1:3']]);
    s.result(W1, 1, 2, 50);
    s.result(W2, 1, 3, 50);
    expect(s.held.bytes).toBe(0);
  });

  it('frees what queued tasks held on terminate', () => {
    const s = setup();
    s.submit(1, 'f', 6);
    s.pool.op(OWNER, 'terminate', []);
    s.result(W1, 1, 0, 50);
    s.result(W2, 1, 1, 50);
    expect(s.held.bytes).toBe(0);
  });
});
