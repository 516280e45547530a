// The kernel trusts no process (issue 14.5): forged and fuzzed messages end only the process that sent them,
// with a Python-style line that blames it, and never throw in the kernel or disturb the other processes.
import { describe, expect, it } from 'vitest';
import type { ProcToKernel } from '../protocol/messages';
import type { Ctx, TestProgram } from '../testkit/inProcess';
import { WITNESS, baitIds, fuzzer, spawnSpec } from './fuzz.test-util';
import { type Puppet, REFUSED, runWithPuppets, tick } from './hostile.test-util';

/** The puppets come after MainProcess (1000) and the witness (1001). */
const FIRST_PUPPET = 1002;

/**
 * A program whose MainProcess plays ping-pong with an honest child (the witness) while `n` puppet children,
 * given handles to objects of their own (the "bait": one of each kind), do what the test makes them do.
 */
function program(n: number): TestProgram {
  return async (ctx: Ctx) => {
    const { mp, print, time } = ctx;
    const fns = {
      witness: async function witness(q: { get(): Promise<unknown> }, r: { put(x: unknown): Promise<void> }) {
        for (let x = await q.get(); x !== null; x = await q.get()) await r.put((x as number) * 2);
      },
      idle: function idle() {},
    };
    ctx.register(fns);
    if (ctx.__name__ !== '__main__') return;
    const q = new mp.Queue();
    const r = new mp.Queue();
    const w = new mp.Process({ target: fns.witness, args: [q, r] });
    w.start();
    const bait = [
      new mp.Queue(),
      new mp.JoinableQueue(),
      new mp.Lock(),
      new mp.RLock(),
      new mp.BoundedSemaphore(2),
      new mp.Event(),
      new mp.Condition(),
      new mp.Barrier(2),
      ...mp.Pipe(),
    ];
    const puppets = Array.from({ length: n }, () => new mp.Process({ target: fns.idle, args: bait }));
    for (const p of puppets) p.start();
    for (let i = 0; i < 5; i++) {
      await q.put(i);
      print(await r.get());
    }
    await q.put(null);
    await w.join();
    await time.sleep(10); // the clock stands still while the puppets act
    for (const p of puppets) {
      p.terminate();
      await p.join();
    }
    print('main done', w.exitCode);
  };
}

const MAIN_OUT = '0\n2\n4\n6\n8\nmain done 0\n';

/** Boots a puppet, then sends each batch in turn, a round of delivery apart. */
async function act(p: Puppet, batches: unknown[]): Promise<void> {
  p.send([{ t: 'boot' }]);
  for (const b of batches) {
    await tick();
    p.send(b);
  }
}

describe('forged messages end only their sender', () => {
  it('the attacks of issue 14.5, each from its own process', async () => {
    const attacks: Record<number, (p: Puppet) => unknown[]> = {
      // A spawn with MainProcess's pid used to crash the kernel.
      1002: (p) => [[{ t: 'spawn', spec: { ...spawnSpec(p), pid: 1000 } }]],
      // A child's signal used to kill MainProcess.
      1003: () => [[{ t: 'signal', pid: 1000, signal: 9 }]],
      // A `new` with another process's id used to replace its object.
      1004: () => [[{ t: 'new', id: '1000.1', kind: 'Queue', opts: { maxsize: 0 } }]],
      // Objects it was not given: MainProcess's queue with the witness.
      1005: () => [[{ t: 'op', id: '1000.1', method: 'put', args: [666] }]],
      1006: () => [
        [{ t: 'call', id: 1, call: { op: 'obj', id: '1000.2', method: 'get', args: [true], timeout: null } }],
      ],
      1007: () => ['not a batch'],
      1008: (p) => [[{ t: 'op', id: baitIds(p)[0], method: 'constructor', args: [] }]],
      1009: (p) => [[{ t: 'op', id: baitIds(p)[1], method: 'taskDone', args: [1] }]], // not a checked call
      // An honest use of its own objects: it lives until MainProcess terminates it.
      1010: (p) => [
        [{ t: 'op', id: baitIds(p)[0], method: 'put', args: [1, 2] }],
        [{ t: 'call', id: 1, call: { op: 'obj', id: baitIds(p)[0], method: 'get', args: [true], timeout: null } }],
      ],
    };
    const run = await runWithPuppets(
      program(9),
      (pid) => pid >= FIRST_PUPPET,
      (p) => act(p, attacks[p.pid]!(p)),
    );
    expect(run.kernelThrew).toEqual([]);
    expect(run.out(1000)).toBe(MAIN_OUT);
    expect(run.exitOf(WITNESS)?.code).toBe(0);
    expect(run.result).toMatchObject({ exitCode: 0, reason: 'exited' });
    const refused = (pid: number) => run.out(pid, 'stderr');
    expect(refused(1002)).toMatch(REFUSED);
    expect(refused(1002)).toContain("refused a 'spawn' message from this process: pid 1000 was not given to it");
    expect(refused(1003)).toContain("'signal' message from this process: pid 1000 is not a child of this process");
    expect(refused(1004)).toContain("'new' message from this process: id 1000.1 is not one this process may give");
    expect(refused(1005)).toContain("'op' message from this process: it does not hold Queue#1");
    expect(refused(1006)).toContain("'call' message from this process: it does not hold Queue#2");
    expect(refused(1007)).toContain("refused a 'batch' message");
    expect(refused(1008)).toContain('has no method constructor');
    expect(refused(1009)).toContain('taskDone is a checked call');
    for (const pid of [1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009]) {
      expect(refused(pid)).toMatch(REFUSED);
      expect(run.exitOf(pid)).toMatchObject({ code: 1, reason: 'exception' });
    }
    expect(run.out(1010)).toBe('');
    expect(run.exitOf(1010)?.code).toBe(-15);
  });
});

describe('fuzzed messages', () => {
  it('random and mutated messages: the kernel never throws, other processes are unaffected, offenders are named', async () => {
    // A corpus of real messages, from an honest run of the same program.
    const corpus: ProcToKernel[] = [];
    await runWithPuppets(
      program(2),
      () => false,
      async () => {},
      (_pid, batch) => corpus.push(...batch),
    );
    expect(corpus.length).toBeGreaterThan(20);
    let refusals = 0;
    let survivors = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const run = await runWithPuppets(
        program(10),
        (pid) => pid >= FIRST_PUPPET && pid < FIRST_PUPPET + 10,
        async (p) => {
          // Half the puppets mutate most of what they send; the others rarely, so they live long enough to
          // reach the objects' deeper paths with plausible messages.
          const next = fuzzer(seed * 1000 + p.pid, p, corpus, p.pid % 2 ? 0.6 : 0.03);
          await act(p, Array.from({ length: 40 }, next));
        },
      );
      const where = `seed ${seed}`;
      expect(run.kernelThrew, where).toEqual([]);
      expect(run.out(1000), where).toBe(MAIN_OUT);
      expect(run.exitOf(1000)?.code, where).toBe(0);
      expect(run.exitOf(WITNESS)?.code, where).toBe(0);
      for (const [pid] of run.puppets) {
        const stderr = run.out(pid, 'stderr');
        const last = stderr.split(/(?=SystemError: mpplay's kernel refused)/).at(-1)!;
        // The guard refuses every bad message before the kernel acts on it: none gets as far as making it throw.
        expect(stderr, `${where}, pid ${pid}`).not.toContain('handling it failed');
        if (REFUSED.test(last)) {
          refusals++;
          expect(run.exitOf(pid), `${where}, pid ${pid}`).toMatchObject({ code: 1, reason: 'exception' });
        } else survivors++;
      }
    }
    // Most puppets send something refused within 40 batches; the checks are not so strict that none survives.
    expect(refusals).toBeGreaterThan(40);
    expect(survivors + refusals).toBe(60);
  });
});
