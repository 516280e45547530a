// Lifecycle rules of API.md's Process section and CPYTHON-CASES §1.2–1.4 and §2, on the kernel directly.
import { describe, expect, it } from 'vitest';
import { INIT_PID, MAIN_PID } from '../protocol/messages';
import type { TraceEvent } from '../protocol/trace';
import { runInProcess, type Ctx } from '../testkit/inProcess';

const kinds = (evs: TraceEvent[]) => evs.map((e) => e.kind);

describe('start and join', () => {
  it('runs the target in a child with its args and reaps it on join (L04, L06)', async () => {
    const run = await runInProcess(async ({ mp, print, register, __name__, os }: Ctx) => {
      function task(x: string, n: number) {
        print(`${x} ${n} in ${mp.currentProcess().name} ppid=${os.getppid()}`);
      }
      register({ task });
      if (__name__ === '__main__') {
        const p = new mp.Process({ target: task, args: ['hello', 3] });
        print(p.name, p.pid, p.exitCode, p.isAlive());
        p.start();
        print(typeof p.pid, p.isAlive(), mp.activeChildren().length);
        await p.join();
        print(p.exitCode, p.isAlive(), mp.activeChildren().length);
      }
    });
    expect(run.out('MainProcess')).toBe('Process-1 null null false\nnumber true 1\n0 false 0\n');
    expect(run.out('Process-1')).toBe(`hello 3 in Process-1 ppid=${MAIN_PID}\n`);
    expect(kinds(run.of('Process-1'))).toEqual(['spawn', 'start', 'running', 'output', 'exit', 'zombie', 'reaped']);
    const reaped = run.of('Process-1', 'reaped')[0] as Extract<TraceEvent, { kind: 'reaped' }>;
    expect(reaped.by).toBe(MAIN_PID);
    expect(run.result).toMatchObject({ exitCode: 0, reason: 'exited' });
  });

  it('passes kwargs as one extra last argument', async () => {
    const run = await runInProcess(async ({ mp, print, register, __name__ }: Ctx) => {
      function task(...args: unknown[]) {
        print(JSON.stringify(args));
      }
      register({ task });
      if (__name__ === '__main__') {
        const p = new mp.Process({ target: task, args: [1], kwargs: { x: '子进程' } });
        p.start();
        await p.join();
      }
    });
    expect(run.out('Process-1')).toBe('[1,{"x":"子进程"}]\n');
  });

  it('keeps a finished child a zombie until its parent joins it', async () => {
    const run = await runInProcess(async ({ mp, time, register, __name__ }: Ctx) => {
      function quick() {}
      register({ quick });
      if (__name__ === '__main__') {
        const p = new mp.Process({ target: quick });
        p.start();
        await time.sleep(3);
        await p.join();
      }
    });
    const zombie = run.of('Process-1', 'zombie')[0]!;
    const reaped = run.of('Process-1', 'reaped')[0]!;
    expect(zombie.at).toBeLessThan(100);
    expect(reaped.at).toBeGreaterThanOrEqual(3000);
  });

  it('join(timeout) returns after the timeout with the child still alive (L07); join(0) and join(-1) at once', async () => {
    const run = await runInProcess(async ({ mp, time, print, register, __name__ }: Ctx) => {
      async function slow() {
        await time.sleep(5);
      }
      register({ slow });
      if (__name__ === '__main__') {
        const p = new mp.Process({ target: slow });
        p.start();
        const t0 = time.monotonic();
        await p.join(0);
        await p.join(-1);
        print('instant', p.isAlive());
        await p.join(0.2);
        print('after timeout', p.isAlive(), p.exitCode);
        await p.join();
        await p.join(); // L08: more than once
        print('joined', p.exitCode, t0 >= 0);
      }
    });
    expect(run.out('MainProcess')).toBe('instant true\nafter timeout true null\njoined 0 true\n');
    const blocked = run.of('MainProcess', 'blocked') as Extract<TraceEvent, { kind: 'blocked' }>[];
    expect(blocked.map((b) => [b.on.label, b.on.timeout])).toEqual([
      ['join(Process-1)', 0.2],
      ['join(Process-1)', null],
    ]);
    const unblocked = run.of('MainProcess', 'unblocked') as Extract<TraceEvent, { kind: 'unblocked' }>[];
    expect(unblocked.map((r) => r.reason)).toEqual(['timeout', 'ready']);
    expect(unblocked[0]!.at - blocked[0]!.at).toBe(200);
  });

  it('activeChildren() reaps finished children (A01)', async () => {
    const run = await runInProcess(async ({ mp, time, print, register, __name__ }: Ctx) => {
      function quick() {}
      register({ quick });
      if (__name__ === '__main__') {
        const p = new mp.Process({ target: quick });
        p.start();
        await time.sleep(1);
        print(mp.activeChildren().length, p.exitCode);
        await time.sleep(1);
      }
    });
    expect(run.out('MainProcess')).toBe('0 0\n');
    const reaped = run.of('Process-1', 'reaped')[0] as Extract<TraceEvent, { kind: 'reaped' }>;
    expect(reaped.by).toBe(MAIN_PID);
    expect(reaped.at).toBeGreaterThanOrEqual(1000);
    expect(reaped.at).toBeLessThan(2000);
  });
});

describe('signals and orphans', () => {
  it('terminate() gives -15 and kill() -9 (L10, L11); repr says so', async () => {
    const run = await runInProcess(async ({ mp, time, print, register, __name__ }: Ctx) => {
      async function forever() {
        await time.sleep(1000);
      }
      register({ forever });
      if (__name__ === '__main__') {
        const a = new mp.Process({ target: forever });
        const b = new mp.Process({ target: forever });
        a.start();
        b.start();
        await time.sleep(0.1);
        a.terminate();
        b.kill();
        await a.join();
        await b.join();
        print(a.exitCode, b.exitCode, String(a));
        a.terminate(); // on a dead process: nothing happens
      }
    });
    expect(run.out('MainProcess')).toBe(
      `-15 -9 <Process name='Process-1' pid=${run.pidOf('Process-1')} parent=${MAIN_PID} stopped exitcode=-SIGTERM>\n`,
    );
    expect(run.of('Process-1', 'exit')[0]).toMatchObject({ code: -15, reason: 'terminated' });
    expect(run.of('Process-2', 'exit')[0]).toMatchObject({ code: -9, reason: 'killed' });
    expect(run.result.at).toBeLessThan(1000);
  });

  it.each([
    ["with shared memory (its getppid() reads the kernel's cell)", true],
    ["without (a page that is not cross-origin isolated: the kernel's parentExit message)", false],
  ])('terminating a parent re-parents its children to pid 1, which reaps them when they end: %s', async (_, cells) => {
    const run = await runInProcess(
      async ({ mp, time, os, print, register, __name__ }: Ctx) => {
        async function orphan() {
          print('before', os.getppid());
          await time.sleep(2);
          print('after', os.getppid(), mp.parentProcess().isAlive());
        }
        async function parent() {
          const c = new mp.Process({ target: orphan });
          c.start();
          await time.sleep(100);
        }
        register({ orphan, parent });
        if (__name__ === '__main__') {
          const p = new mp.Process({ target: parent });
          p.start();
          await time.sleep(1);
          p.terminate();
          await p.join();
          print('parent exit', p.exitCode);
        }
      },
      { ppidCells: cells },
    );
    const parentPid = run.pidOf('Process-1');
    expect(run.out('Process-1:1')).toBe(`before ${parentPid}\nafter ${INIT_PID} false\n`);
    expect(run.of('Process-1:1', 'reparented')[0]).toMatchObject({ from: parentPid, to: INIT_PID, ppid: INIT_PID });
    expect(run.of('Process-1:1', 'reaped')[0]).toMatchObject({ by: INIT_PID });
    // The run lasts until the orphan finishes, after MainProcess has exited.
    const mainExit = run.of('MainProcess', 'exit')[0]!;
    const orphanExit = run.of('Process-1:1', 'exit')[0]!;
    expect(orphanExit.at).toBeGreaterThan(mainExit.at);
    expect(run.result.exitCode).toBe(0);
  });
});

describe('exit of the main code (CPython _exit_function)', () => {
  it('terminates daemon children, then waits for non-daemon ones (D03, D04)', async () => {
    const run = await runInProcess(async ({ mp, time, print, register, __name__ }: Ctx) => {
      async function work(label: string, s: number) {
        await time.sleep(s);
        print(`${label} done`);
      }
      register({ work });
      if (__name__ === '__main__') {
        new mp.Process({ target: work, args: ['nondaemon', 1.5] }).start();
        new mp.Process({ target: work, args: ['daemon', 3], daemon: true }).start();
        print('main code ends');
      }
    });
    expect(run.out('Process-1')).toBe('nondaemon done\n');
    expect(run.out('Process-2')).toBe('');
    expect(run.of('Process-2', 'exit')[0]).toMatchObject({ code: -15 });
    const mainBlocked = run.of('MainProcess', 'blocked')[0] as Extract<TraceEvent, { kind: 'blocked' }>;
    expect(mainBlocked.on.op).toBe('exit');
    const daemonSignal = run.of('Process-2', 'signal')[0]!;
    expect(daemonSignal.at).toBeLessThanOrEqual(mainBlocked.at);
    const mainExit = run.of('MainProcess', 'exit')[0]!;
    expect(mainExit.at).toBeGreaterThanOrEqual(1500);
    expect(mainExit.at).toBeLessThan(3000);
    expect(run.of('Process-1', 'reaped')[0]).toMatchObject({ by: MAIN_PID });
  });

  it('a daemon inherits nothing: daemon=null takes the creator flag (P07)', async () => {
    const run = await runInProcess(async ({ mp, print, register, __name__ }: Ctx) => {
      function f() {}
      register({ f });
      if (__name__ === '__main__') {
        print(new mp.Process({ target: f }).daemon, new mp.Process({ target: f, daemon: true }).daemon);
      }
    });
    expect(run.out('MainProcess')).toBe('false true\n');
  });

  it('stop() ends every process at once', async () => {
    const run = await runInProcess(
      async ({ mp, time, register, __name__ }: Ctx) => {
        async function forever() {
          for (;;) await time.sleep(1);
        }
        register({ forever });
        if (__name__ === '__main__') {
          new mp.Process({ target: forever }).start();
          await forever();
        }
      },
      { stopAfterMs: 5000 },
    );
    expect(run.result).toMatchObject({ reason: 'stopped', exitCode: 130 });
    expect(run.kernel.snapshot().every((p) => p.state === 'zombie' || p.state === 'reaped')).toBe(true);
  });
});

describe('time', () => {
  it('scales sleeps by the speed factor; program time stays in program seconds', async () => {
    const run = await runInProcess(
      async ({ time }: Ctx) => {
        await time.sleep(1);
      },
      { speed: 10 },
    );
    expect(run.result.wallMs).toBe(100);
    expect(run.result.at).toBe(1000);
    expect(run.of('MainProcess', 'sleeping')[0]).toMatchObject({ seconds: 1 });
  });
});

describe('exit is recorded once', () => {
  it('a main process that terminates a daemon on exit exits exactly once', async () => {
    const run = await runInProcess(async ({ mp, time, register, __name__ }: Ctx) => {
      async function func() {
        await time.sleep(2);
      }
      register({ func });
      if (__name__ === '__main__') {
        const p = new mp.Process({ target: func });
        p.daemon = true;
        p.start();
        await time.sleep(0.1);
      }
    });
    expect(run.of('MainProcess', 'exit')).toHaveLength(1);
    expect(run.of('MainProcess', 'reaped')).toHaveLength(1);
    expect(run.of('Process-1', 'exit')).toHaveLength(1);
  });
});

describe('program time', () => {
  it('runs at the speed while every process sleeps or waits, and at 1x while one computes (CPU work is never scaled)', async () => {
    const run = await runInProcess(
      async ({ mp, time, burn, register, __name__ }: Ctx) => {
        async function napper() {
          await time.sleep(1);
        }
        register({ napper });
        if (__name__ === '__main__') {
          burn(500); // half a wall second of CPU work: half a program second, whatever the speed
          const p = new mp.Process({ target: napper });
          p.start();
          await p.join(); // the child sleeps 1 program second: 0.1 wall s at speed 10
        }
      },
      { speed: 10 },
    );
    const sleep = run.of('Process-1', 'sleeping')[0]!;
    const wake = run.of('Process-1', 'running').at(-1)!;
    expect(wake.at - sleep.at).toBe(1000);
    expect(run.result.at).toBe(1500);
    expect(run.result.wallMs).toBe(600);
  });
});

describe('trace level', () => {
  it('lifecycle leaves out per-item events but keeps every state change', async () => {
    const prog = async ({ mp, register, __name__ }: Ctx) => {
      async function consume(q: { get(): Promise<unknown> }) {
        await q.get();
      }
      register({ consume });
      if (__name__ === '__main__') {
        const q = new mp.Queue();
        const p = new mp.Process({ target: consume, args: [q] });
        p.start();
        await q.put(1);
        await p.join();
      }
    };
    const full = await runInProcess(prog);
    expect(full.events.some((e) => e.kind === 'put')).toBe(true);
    const lean = await runInProcess(prog, { traceLevel: 'lifecycle' });
    expect(lean.events.some((e) => e.kind === 'put' || e.kind === 'take')).toBe(false);
    const kinds = (evs: TraceEvent[]) =>
      evs.filter((e) => !['put', 'take'].includes(e.kind)).map((e) => `${e.pid} ${e.kind}`);
    expect(kinds(lean.events)).toEqual(kinds(full.events));
  });
});

describe('a run the kernel ends at once (a deadlock, Stop)', () => {
  it('kills the youngest first, as a process group dies: no child is adopted by init, each keeps its parent', async () => {
    const run = await runInProcess(async ({ mp, register, __name__ }: Ctx) => {
      async function waiter(q: { get(): Promise<unknown> }) {
        await q.get();
      }
      async function middle(q: { get(): Promise<unknown> }) {
        new mp.Process({ target: waiter, args: [q], daemon: true }).start();
        await q.get();
      }
      register({ waiter, middle });
      if (__name__ === '__main__') {
        const q = new mp.Queue();
        new mp.Process({ target: waiter, args: [q], daemon: true }).start();
        new mp.Process({ target: middle, args: [q] }).start();
        await q.get();
      }
    });
    expect(run.result).toMatchObject({ reason: 'deadlock', exitCode: 124 });
    expect(run.events.filter((e) => e.kind === 'reparented')).toEqual([]);
    const parentOf = (name: string) => run.of(name, 'spawn')[0]!.ppid;
    expect(parentOf('Process-1')).toBe(MAIN_PID);
    expect(parentOf('Process-2:1')).toBe(run.pidOf('Process-2'));
    for (const name of ['Process-1', 'Process-2', 'Process-2:1']) {
      expect(run.of(name, 'exit')[0]).toMatchObject({ ppid: parentOf(name), code: -9 });
      expect(run.of(name).every((e) => e.ppid === parentOf(name))).toBe(true);
    }
  });
});
