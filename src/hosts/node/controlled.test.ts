// Controlled runs on Node workers: the same plan gives the same run, byte for byte; a run's schedule replays it;
// every kernel call and shared-memory access is a scheduling point; the world a process sees is deterministic.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { lockCounterSource as COUNTER } from '../../../bench/explore/program.mjs';
import { nodeBundle } from '../../../scripts/nodeBundle.mjs';
import type { RunPlan } from '../../kernel/sched/plan';
import { readLog } from '../../protocol/sched/decide';
import { ERR_DIVERGED, ERR_LOG_FULL } from '../../protocol/sched/layout';
import type { TraceEvent } from '../../protocol/trace';
import { type Choice, choiceMatters } from '../../kernel/sched/asking';
import { NodeWorkers, compileProgram, runControlledOnNode } from './controlled';

// Many controlled runs per test: the timeout only guards against a hang (a busy machine makes them slow, not wrong).
vi.setConfig({ testTimeout: 120_000 });

/** Queues, locks, an event, sleeps with timeouts and a pool: the kernel's objects under one schedule. */
const MIXED = `
import { Event, Lock, Pool, Process, Queue } from "multiprocessing";
import * as time from "time";
function square(x: number) { return x * x; }
async function producer(q: Queue, lock: Lock, go: Event, name: string) {
  await go.wait();
  for (const i of range(3)) {
    await using _l = await lock.hold();
    await q.put(name + i);
    print(name, "put", i, "at", time.time() - 1704067200);
  }
}
if (__name__ === "__main__") {
  const q = new Queue();
  const lock = new Lock();
  const go = new Event();
  const ps = ["a", "b"].map((n) => new Process({ target: producer, args: [q, lock, go, n] }));
  for (const p of ps) p.start();
  await time.sleep(0.5);
  go.set();
  for (const _ of range(6)) print("got", await q.get());
  try { await q.get({ timeout: 1.5 }); } catch (e) { print("empty after", time.time() - 1704067200); }
  for (const p of ps) await p.join();
  const pool = new Pool(2);
  print(await pool.map(square, [1, 2, 3, 4]));
  pool.close();
  await pool.join();
}`;

let workers: NodeWorkers | null = null;
async function pool(): Promise<NodeWorkers> {
  const { worker } = (await nodeBundle()) as { worker: URL };
  return (workers ??= new NodeWorkers(worker));
}
afterAll(() => workers?.dispose());

async function run(source: string, plan: RunPlan, opts: { logCap?: number } = {}) {
  const program = await compileProgram(source);
  const out: string[] = [];
  const r = runControlledOnNode({
    program,
    workers: await pool(),
    plan,
    ...opts,
    onEvent: (e: TraceEvent) => {
      if (e.kind === 'output') out.push(e.text);
    },
  });
  const result = await r.done;
  const log = readLog(r.controller.ctl);
  return {
    result,
    out: out.join(''),
    trace: JSON.stringify(r.traceFile()),
    log,
    choices: log.filter((d) => d.options.length > 1).map((d) => d.slot),
    stopped: r.controller.stopped,
  };
}

describe('a controlled run is deterministic', () => {
  it('the same plan gives the same trace, byte for byte, with queues, locks, events, timeouts and a pool', async () => {
    for (const plan of [
      { kind: 'script', script: [] },
      { kind: 'random', seed: 4, stream: 0 },
    ] as RunPlan[]) {
      const a = await run(MIXED, plan);
      const b = await run(MIXED, plan);
      expect(a.result.exitCode).toBe(0);
      expect(a.out).toContain('[ 1, 4, 9, 16 ]');
      expect(b.trace).toBe(a.trace);
    }
  });

  it('program time only moves by sleeps and timeouts: the figures printed are exact', async () => {
    const a = await run(MIXED, { kind: 'script', script: [] });
    // The producers wait for the event set at 0.5 s; the get() that times out waits 1.5 s more.
    expect(a.out).toMatch(/^a put 0 at 0\.5$/m);
    expect(a.out).toMatch(/^empty after 2$/m);
    expect(a.result.at).toBe(2000);
  });

  it("a run's schedule (its choices) replays it exactly", async () => {
    const plans = [1, 2, 3].map((seed): RunPlan => ({ kind: 'random', seed, stream: 0 }));
    const runs = [];
    for (const p of plans) runs.push(await run(MIXED, p));
    expect(new Set(runs.map((r) => r.choices.join())).size).toBeGreaterThan(1);
    for (const r of runs) {
      const again = await run(MIXED, { kind: 'script', script: r.choices });
      expect(again.trace).toBe(r.trace);
      expect(again.log).toEqual(r.log);
    }
  });

  it('what user code reads of the world is the same in every run: random numbers, clocks, ids', async () => {
    const WORLD = `
import { Process } from "multiprocessing";
import * as time from "time";
function show(tag: string) {
  print(tag, Math.random(), crypto.randomUUID(), Date.now(), new Date().toISOString(), performance.now());
}
if (__name__ === "__main__") {
  show("main");
  const p = new Process({ target: show, args: ["child"] });
  p.start();
  await time.sleep(1.5);
  show("main later");
  await p.join();
}`;
    const a = await run(WORLD, { kind: 'script', script: [] });
    const b = await run(WORLD, { kind: 'script', script: [] });
    expect(b.out).toBe(a.out);
    const lines = a.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^main 0\.\d+ [0-9a-f-]{36} 1704067200000 2024-01-01T00:00:00\.000Z 0$/);
    expect(lines.find((l) => l.startsWith('main later'))).toMatch(/ 1704067201500 2024-01-01T00:00:01\.500Z 1500$/);
    // Each process has its own stream: the child's numbers are not the main process's.
    const child = lines.find((l) => l.startsWith('child'))!;
    expect(child.split(' ')[1]).not.toBe(lines[0]!.split(' ')[1]);
  });

  it('timers raise: their callbacks would run at moments no schedule controls', async () => {
    const a = await run(`setTimeout(() => print("late"), 10);`, { kind: 'script', script: [] });
    expect(a.result.exitCode).toBe(1);
    expect(a.out).toMatch(/RuntimeError: setTimeout\(\) is not available in a controlled run/);
    expect(a.out).toMatch(/await time\.sleep\(seconds\)/);
  });
});

describe('scheduling points', () => {
  it('a read and a write of a Value are two points: one increment each can give 1 or 2', async () => {
    const seen = new Set<string>();
    for (let stream = 0; stream < 12 && seen.size < 2; stream++) {
      seen.add((await run(COUNTER(2, 1), { kind: 'random', seed: 1, stream })).out.trim());
    }
    expect([...seen].sort()).toEqual(['counter = 1', 'counter = 2']);
  });

  it('a print is a point even though it returns at once: two processes print in every order', async () => {
    const PRINTS = `
import { Process } from "multiprocessing";
function say(name: string) { print(name + "1"); print(name + "2"); }
if (__name__ === "__main__") {
  const ps = ["a", "b"].map((n) => new Process({ target: say, args: [n] }));
  for (const p of ps) p.start();
  for (const p of ps) await p.join();
}`;
    const orders = new Set<string>();
    for (let stream = 0; stream < 60 && orders.size < 6; stream++) {
      orders.add((await run(PRINTS, { kind: 'random', seed: 2, stream })).out.split('\n').join(' ').trim());
    }
    // All C(4, 2) interleavings of a1 a2 with b1 b2.
    expect(orders.size).toBe(6);
  });

  it('the workers are reused from run to run', async () => {
    const w = await pool();
    const before = w.created;
    for (let i = 0; i < 5; i++) await run(COUNTER(2, 1), { kind: 'random', seed: 3, stream: i });
    expect(w.created - before).toBeLessThanOrEqual(2);
  });
});

describe('when the controller stops a run', () => {
  it('a run with more points than the log holds stops with ERR_LOG_FULL, and the next run is fine', async () => {
    const a = await run(COUNTER(2, 100), { kind: 'random', seed: 1, stream: 0 }, { logCap: 150 });
    expect(a.stopped).toEqual({ why: 'strategy', code: ERR_LOG_FULL, arg: 150 });
    expect(a.result.reason).toBe('error');
    const b = await run(COUNTER(2, 2), { kind: 'script', script: [] });
    expect(b.out).toBe('counter = 4\n');
  });

  it('a schedule that does not fit the program stops with ERR_DIVERGED at the decision that did not fit', async () => {
    // The first choice is between MainProcess (slot 0) and its first child (slot 1): slot 2 does not exist yet.
    const a = await run(COUNTER(2, 1), { kind: 'script', script: [1, 2] });
    expect(a.stopped).toEqual({ why: 'strategy', code: ERR_DIVERGED, arg: 1 });
    expect(a.result.reason).toBe('error');
  });
});

describe('the learner as the scheduler', () => {
  const LOCKS = `
import { Lock, Process } from "multiprocessing";

async function worker(first: Lock, second: Lock, name: string) {
  await first.acquire();
  await second.acquire();
  print(name, "has both");
  second.release();
  first.release();
}
if (__name__ === "__main__") {
  const a = new Lock();
  const b = new Lock();
  const p1 = new Process({ target: worker, args: [a, b, "p1"] });
  const p2 = new Process({ target: worker, args: [b, a, "p2"] });
  p1.start();
  p2.start();
  await p1.join();
  await p2.join();
}`;

  /** A run in which `pick` answers each question; resolves with the questions asked and how the run ended. */
  async function steered(script: number[], pick: (options: Choice[], n: number) => number | 'next') {
    const program = await compileProgram(LOCKS);
    const asked: Choice[][] = [];
    let out = '';
    const r = runControlledOnNode({
      program,
      workers: await pool(),
      plan: { kind: 'script', script, after: 'ask' },
      onEvent: (e) => {
        if (e.kind === 'output') out += e.text;
      },
      onAsk: (options) => {
        asked.push(options);
        const answer = pick(options, asked.length - 1);
        queueMicrotask(() => expect(r.controller.choose(answer)).toBe(true));
      },
    });
    const result = await r.done;
    return {
      asked,
      result,
      out,
      choices: readLog(r.controller.ctl)
        .filter((d) => d.options.length > 1)
        .map((d) => d.slot),
      labels: r.controller.stepLabels(),
    };
  }

  it('asks at each choice, naming what every runnable process is about to do, and follows the answers', async () => {
    // Each worker takes its first lock before either takes its second; otherwise the first option.
    const holding = new Set<string>();
    const a = await steered([], (options) => {
      const o = options.find((c) => c.label.endsWith('.acquire()') && !holding.has(c.name)) ?? options[0]!;
      if (o.label.endsWith('.acquire()')) holding.add(o.name);
      return o.slot;
    });
    expect(a.asked.length).toBeGreaterThan(2);
    const all = a.asked.flat().map((o) => `${o.name}: ${o.label}`);
    expect(all).toContain('Process-1: Lock#1.acquire()');
    expect(all.some((l) => /^MainProcess: (start Process-2|join\(Process-1\))$/.test(l))).toBe(true);
    // So each ends up holding one lock: the deadlock.
    expect(a.result.exitCode).toBe(124);
    expect(a.labels.filter((l) => l.endsWith('.acquire()'))).toHaveLength(4);
  });

  it('undo is a replay of the choices but the last: the same question comes back', async () => {
    const a = await steered([], (options) => options[0]!.slot);
    const undone = a.choices.slice(0, 2);
    const b = await steered(undone, (options) => options[0]!.slot);
    expect(b.asked[0]!.map((o) => o.label)).toEqual(a.asked[2]!.map((o) => o.label));
  });

  it('"next point where a choice matters" answers alone while the choices do not conflict', async () => {
    const each = await steered([], (options) => options[0]!.slot);
    const next = await steered([], () => 'next');
    expect(next.asked.length).toBeLessThan(each.asked.length);
    // What it still asks are real choices: two steps that conflict (both want Lock#2 here).
    expect(next.asked.length).toBeGreaterThan(0);
    // (The first question is asked before any 'next'.)
    for (const options of next.asked.slice(1)) expect(choiceMatters(options)).toBe(true);
  });
});
