// The kernel worker's side of stepping through a run from the page (src/hosts/browser/asking.ts), over a real
// controlled run on Node workers: the questions name what each process is about to do, the answers decide the
// outcome, bad answers are refused with a reason while the run waits on, "end" and "next" answer alone, and a
// question's script brings a fresh run back to it (undo).
import { afterAll, describe, expect, it, vi } from 'vitest';
import { nodeBundle } from '../../../scripts/nodeBundle.mjs';
import lostUpdate from '../../examples/programs/lost-update.ts?raw';
import { NodeWorkers, compileProgram, runControlledOnNode } from '../node/controlled';
import { H } from '../../protocol/sched/layout';
import { type AskMessage, type AskRefusedMessage, AskSession } from './asking';

// Many controlled runs per test: the timeout only guards against a hang (a busy machine makes them slow, not wrong).
vi.setConfig({ testTimeout: 120_000 });

let workers: NodeWorkers | null = null;
async function pool(): Promise<NodeWorkers> {
  const { worker } = (await nodeBundle()) as { worker: URL };
  return (workers ??= new NodeWorkers(worker));
}
afterAll(() => workers?.dispose());

/** What the page sends back to a question: any values at all, in order (hostile ones included). */
type Page = (ask: AskMessage, asked: number) => unknown[];

/** Steps through the gallery's lost-update example from `script` on, the page answering with `page`. */
async function stepped(script: number[], page: Page, source = lostUpdate) {
  const program = await compileProgram(source, 'main.ts');
  const posted: (AskMessage | AskRefusedMessage)[] = [];
  let out = '';
  let asked = 0;
  const run = runControlledOnNode({
    program,
    workers: await pool(),
    plan: { kind: 'script', script, after: 'ask' },
    onEvent: (e) => {
      if (e.kind === 'output') out += e.text;
    },
    onAsk: (options) => session.onAsk(options),
  });
  const session: AskSession = new AskSession(run.controller, {
    shared: true,
    post: (m) => {
      posted.push(m);
      if (m.t !== 'ask') return;
      const answers = page(m, asked++);
      queueMicrotask(() => answers.forEach((a) => session.answer(a)));
    },
  });
  const result = await run.done;
  session.end();
  return {
    result,
    out,
    posted,
    session,
    asks: posted.filter((m): m is AskMessage => m.t === 'ask'),
    refusals: posted.filter((m): m is AskRefusedMessage => m.t === 'askRefused').map((m) => m.message),
  };
}

const choose = (ask: AskMessage, answer: unknown) => ({ t: 'choose', step: ask.step, answer });

/** The slot of the first option the policy ranks lowest. */
function bySlot(ask: AskMessage, rank: (label: string) => number): number {
  return [...ask.options].sort((a, b) => rank(a.label) - rank(b.label))[0]!.slot;
}
const readsFirst = (l: string) => (l.endsWith('(read)') ? 0 : l.endsWith('(write)') ? 2 : 1);
const writesFirst = (l: string) => (l.endsWith('(write)') ? 0 : l.endsWith('(read)') ? 2 : 1);
const counter = (out: string) => Number(/^counter = (\d+)/m.exec(out)?.[1]);

describe('stepping through a run from the page: the kernel worker side', () => {
  it("each question names what each process is about to do; the learner's choices decide the outcome", async () => {
    const lost = await stepped([], (ask) => [choose(ask, bySlot(ask, readsFirst))]);
    const labels = lost.asks.flatMap((a) => a.options.map((o) => `${o.name}: ${o.label}`));
    expect(labels).toContain('Process-1: Value#1.value (read)');
    expect(labels).toContain('Process-2: Value#1.value (write)');
    expect(lost.refusals).toEqual([]);
    expect(counter(lost.out)).toBeLessThan(4);
    expect(lost.result.exitCode).toBe(1);
    // Each question comes later than the one before, and its script holds one more choice (no "next" was asked).
    for (let i = 1; i < lost.asks.length; i++) {
      expect(lost.asks[i]!.step).toBeGreaterThan(lost.asks[i - 1]!.step);
      expect(lost.asks[i]!.script.length).toBe(i);
      expect(lost.asks[i]!.script.slice(0, i - 1)).toEqual(lost.asks[i - 1]!.script);
    }
    expect(lost.asks.every((a) => a.shared && a.options.length >= 2)).toBe(true);

    const kept = await stepped([], (ask) => [choose(ask, bySlot(ask, writesFirst))]);
    expect(counter(kept.out)).toBe(4);
    expect(kept.result.exitCode).toBe(0);
  });

  it('malformed, stale and hostile answers are refused with a reason, and the run waits for a good one', async () => {
    const bad = (ask: AskMessage) => [
      null,
      'slot 1',
      { t: 'choose', step: ask.step + 1, answer: ask.options[0]!.slot },
      choose(ask, 63),
      choose(ask, 1.5),
      choose(ask, '__proto__'),
      { t: 'choose', step: { valueOf: () => ask.step }, answer: ask.options[0]!.slot },
    ];
    const r = await stepped([], (ask, n) => (n === 0 ? [...bad(ask), choose(ask, 'end')] : []));
    expect(r.refusals).toHaveLength(7);
    expect(r.refusals[0]).toMatch(/must be an object/);
    expect(r.refusals[1]).toMatch(/must be an object/);
    expect(r.refusals[2]).toMatch(/waits at step \d+: answer the question shown now/);
    expect(r.refusals[3]).toMatch(/slot 63 is not one of the choices/);
    expect(r.refusals[4]).toMatch(/1\.5 is not a process slot/);
    expect(r.refusals[5]).toMatch(/"__proto__" is not a process slot/);
    expect(r.refusals[6]).toMatch(/answer the question shown now/);
    // The good answer after them was taken: the run went on to its end.
    expect(r.asks).toHaveLength(1);
    expect(counter(r.out)).toBe(4);
    // Once it has ended, an answer is refused too.
    r.session.answer(choose(r.asks[0]!, r.asks[0]!.options[0]!.slot));
    expect(r.posted.at(-1)).toEqual({ t: 'askRefused', message: expect.stringMatching(/the run has ended/) });
  });

  it('a decision asked about twice (the controller woke up meanwhile) is one question to the page', async () => {
    const ctl = new Int32Array(64);
    ctl[H.STEPS] = 7;
    const chosen: unknown[] = [];
    const posted: (AskMessage | AskRefusedMessage)[] = [];
    const session = new AskSession(
      { ctl, kernel: { now: () => 1500 }, choose: (a) => chosen.push(a) > 0 },
      { shared: false, post: (m) => posted.push(m) },
    );
    const options = [
      { slot: 0, pid: 1000, name: 'MainProcess', label: 'join(Process-1)', desc: [0, 0] as [number, number] },
      { slot: 1, pid: 1001, name: 'Process-1', label: 'exit', desc: [0, 0] as [number, number] },
    ];
    session.onAsk(options);
    session.onAsk(options);
    expect(posted.map((m) => m.t)).toEqual(['ask']);
    expect(posted[0]).toMatchObject({ step: 7, at: 1500, shared: false, script: [] });
    session.answer({ t: 'choose', step: 7, answer: 1 });
    expect(chosen).toEqual([1]);
    ctl[H.STEPS] = 9;
    session.onAsk(options);
    expect(posted.map((m) => m.t)).toEqual(['ask', 'ask']);
  });

  it('an answer before any question is refused', async () => {
    const program = await compileProgram(lostUpdate, 'lost-update.ts');
    const posted: unknown[] = [];
    const run = runControlledOnNode({
      program,
      workers: await pool(),
      plan: { kind: 'script', script: [], after: 'ask' },
      onAsk: () => {},
    });
    const session = new AskSession(run.controller, { shared: true, post: (m) => posted.push(m) });
    session.answer({ t: 'choose', step: 0, answer: 0 });
    expect(posted[0]).toEqual({ t: 'askRefused', message: expect.stringMatching(/no question is waiting/) });
    run.controller.stop();
    await run.done;
  });

  it('"next" answers alone until a choice matters; "end" answers every later one', async () => {
    const each = await stepped([], (ask) => [choose(ask, ask.options[0]!.slot)]);
    const next = await stepped([], (ask) => [choose(ask, 'next')]);
    expect(next.asks.length).toBeGreaterThan(0);
    expect(next.asks.length).toBeLessThan(each.asks.length);
    for (const a of next.asks.slice(1)) expect(a.matters).toBe(true);
    const end = await stepped([], (ask) => [choose(ask, 'end')]);
    expect(end.asks).toHaveLength(1);
    expect(end.result.exitCode).toBe(0);
  });

  it('program time jumps over sleeps: each question says when it is asked', async () => {
    const SLEEPERS = `
import { Process } from "multiprocessing";
import * as time from "time";

async function nap(name: string) {
  await time.sleep(1.5);
  print(name, "woke at", time.time() - 1704067200);
}
if (__name__ === "__main__") {
  const ps = ["a", "b"].map((n) => new Process({ target: nap, args: [n] }));
  for (const p of ps) p.start();
  for (const p of ps) await p.join();
}`;
    const r = await stepped([], (ask) => [choose(ask, ask.options.at(-1)!.slot)], SLEEPERS);
    const times = new Set(r.asks.map((a) => a.at));
    expect(times.has(0)).toBe(true);
    // Both wake at 1.5 s, and who prints first is a question asked at that moment.
    expect(times.has(1500)).toBe(true);
    expect(r.out).toMatch(/^b woke at 1\.5\na woke at 1\.5$/m);
  });

  it("undo: a fresh run given an earlier question's script asks that question again", async () => {
    const a = await stepped([], (ask) => [choose(ask, bySlot(ask, readsFirst))]);
    expect(a.asks.length).toBeGreaterThan(3);
    for (const k of [1, a.asks.length - 1]) {
      const target = a.asks[k]!;
      const b = await stepped(target.script, (ask) => [choose(ask, 'end')]);
      expect(b.asks[0]).toEqual(target);
    }
  });
});
