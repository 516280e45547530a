// Every error of API.md's Process table with CPython's class and message, names, sys.exit and spawn rules.
import { describe, expect, it } from 'vitest';
import { MAIN_PID } from '../protocol/messages';
import { runInProcess, type Ctx } from '../testkit/inProcess';

/** Runs `body` in MainProcess and returns what it printed. */
async function mainOut(body: (ctx: Ctx) => unknown, names: (ctx: Ctx) => Record<string, unknown> = () => ({})) {
  const run = await runInProcess(async (ctx) => {
    ctx.register(names(ctx));
    if (ctx.__name__ === '__main__') await body(ctx);
  });
  return run.out('MainProcess');
}

/** `String(error)` of what `fn` throws or rejects with. */
async function err(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'no error';
}

describe('errors of Process, with CPython class and message', () => {
  const f = () => {};
  it('start twice, join before start, join of self, close while running, closed object (L01, L02, L09, L15)', async () => {
    const out = await mainOut(
      async ({ mp, time, print }) => {
        const p = new mp.Process({ target: f });
        print(await err(() => p.join()));
        p.start();
        print(await err(() => p.start()));
        print(await err(() => mp.currentProcess().join()));
        print(await err(() => p.close()));
        await p.join();
        p.close();
        p.close(); // twice is fine
        for (const use of [() => p.isAlive(), () => p.join(), () => p.terminate(), () => p.exitCode, () => p.pid]) {
          print(await err(use));
        }
        await time.sleep(0);
      },
      () => ({ f }),
    );
    expect(out.split('\n')).toEqual([
      'AssertionError: can only join a started process',
      'AssertionError: cannot start a process twice',
      'AssertionError: can only join a child process',
      'ValueError: Cannot close a process while it is still running. You should first call join() or terminate().',
      ...Array(5).fill('ValueError: process object is closed'),
      '',
    ]);
  });

  it('name and daemon setters, group, args (P08, P09, P11, L05)', async () => {
    const out = await mainOut(
      async ({ mp, print }) => {
        const p = new mp.Process({ target: f });
        print(await err(() => (p.name = 3)));
        p.name = 'worker';
        print(p.name);
        print(await err(() => new mp.Process({ group: 1 })));
        print(await err(() => new mp.Process({ target: f, args: 1 })));
        print(JSON.stringify(new mp.Process({ target: f, args: 'bob' }).name));
        p.start();
        print(await err(() => (p.daemon = true)));
        await p.join();
      },
      () => ({ f }),
    );
    expect(out.split('\n')).toEqual([
      'AssertionError: name must be a string',
      'worker',
      'AssertionError: group argument must be None for now',
      "TypeError: 'number' object is not iterable",
      // P02: the group assert comes before the counter; the args failure after it, so it counts: 1, (2), 3
      '"Process-3"',
      'AssertionError: process has already started',
      '',
    ]);
  });

  it('a target that is not a top-level name fails at start() with PicklingError (X01, X02)', async () => {
    const out = await mainOut(
      async ({ mp, print }) => {
        const inner = () => 1; // not registered: like a function inside the main guard
        print(await err(() => new mp.Process({ target: inner }).start()));
        print(await err(() => new mp.Process({ target: f, args: [() => 2] }).start()));
        print(mp.activeChildren().length);
      },
      () => ({ f }),
    );
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^PicklingError: Can't pickle <function inner>: it's not found as __main__\.inner/);
    expect(lines[1]).toMatch(/^PicklingError: Can't pickle <function (<lambda>|\w*)>/);
    expect(lines[2]).toBe('0');
  });

  it('top-level functions and class instances travel by name in args', async () => {
    const run = await runInProcess(async ({ mp, print, register, __name__ }) => {
      class Point {
        constructor(
          public x: number,
          public y: number,
        ) {}
        sum() {
          return this.x + this.y;
        }
      }
      function apply(fn: (n: number) => number, pt: Point) {
        print(fn(pt.sum()), pt instanceof Point);
      }
      const double = (n: number) => n * 2;
      register({ Point, apply, double });
      if (__name__ === '__main__') {
        const p = new mp.Process({ target: apply, args: [double, new Point(1, 2)] });
        p.start();
        await p.join();
      }
    });
    expect(run.out('Process-1')).toBe('6 true\n');
  });

  it('a daemonic process may not have children (D01): AssertionError, exit code 1, traceback on its stderr', async () => {
    const run = await runInProcess(async ({ mp, print, register, __name__ }) => {
      function child() {}
      function spawner() {
        new mp.Process({ target: child }).start();
      }
      register({ child, spawner });
      if (__name__ === '__main__') {
        const d = new mp.Process({ target: spawner, daemon: true });
        d.start();
        await d.join();
        print(d.exitCode);
      }
    });
    expect(run.out('MainProcess')).toBe('1\n');
    expect(run.out('Process-1', 'stderr')).toMatch(
      /^Process Process-1:\n[\s\S]*AssertionError: daemonic processes are not allowed to have children\n$/,
    );
  });

  it('an unguarded start() in a child raises the bootstrapping RuntimeError (X05); the parent carries on', async () => {
    const run = await runInProcess(async ({ mp, print, register, __name__ }) => {
      function task() {
        print('never runs');
      }
      register({ task });
      const p = new mp.Process({ target: task }); // no `if (__name__ === "__main__")` guard
      p.start();
      if (__name__ === '__main__') {
        await p.join();
        print('child exit', p.exitCode);
      }
    });
    expect(run.out('MainProcess')).toBe('child exit 1\n');
    const stderr = run.out('Process-1', 'stderr');
    expect(stderr).toContain('RuntimeError: \n        An attempt has been made to start a new process before the\n');
    expect(stderr).toContain('current process has finished its bootstrapping phase.');
    expect(stderr).not.toContain('Process Process-1:'); // it failed while importing, before _bootstrap
    expect(run.out('Process-1', 'stdout')).toBe('');
  });
});

describe('exit codes (L13, L14)', () => {
  it('maps sys.exit arguments and uncaught exceptions like CPython', async () => {
    const run = await runInProcess(async ({ mp, sys, print, register, __name__ }) => {
      function exiter(code: unknown) {
        sys.exit(code);
      }
      function thrower() {
        throw new Error('boom');
      }
      register({ exiter, thrower });
      if (__name__ === '__main__') {
        const codes = [];
        for (const c of [undefined, null, 0, false, 3, true, 'msg', [1, 2], 256 + 7]) {
          const p = new mp.Process({ target: exiter, args: [c] });
          p.start();
          await p.join();
          codes.push(p.exitCode);
        }
        const t = new mp.Process({ target: thrower });
        t.start();
        await t.join();
        codes.push(t.exitCode);
        print(codes.join(' '));
      }
    });
    expect(run.out('MainProcess')).toBe('0 0 0 0 3 1 1 1 7 1\n');
    expect(run.out('Process-7', 'stderr')).toBe('msg\n');
    expect(run.out('Process-8', 'stderr')).toBe('[ 1, 2 ]\n');
    expect(run.out('Process-10', 'stderr')).toMatch(/^Process Process-10:\n[\s\S]*Error: boom\n$/);
    expect(run.of('Process-10', 'exit')[0]).toMatchObject({ code: 1, reason: 'exception' });
  });

  it("MainProcess's own sys.exit(n) and uncaught exception set the run's exit code", async () => {
    const a = await runInProcess(async ({ sys }) => sys.exit(5));
    expect(a.result.exitCode).toBe(5);
    const b = await runInProcess(async () => {
      throw new RangeError('nope');
    });
    expect(b.result.exitCode).toBe(1);
    expect(b.out('MainProcess', 'stderr')).toContain('RangeError: nope');
    expect(b.out('MainProcess', 'stderr')).not.toContain('Process MainProcess');
  });
});

describe('names and identity (P01–P05, P14)', () => {
  it('numbers Process-N per creator, Process-N:M in children, subclasses by class name', async () => {
    const run = await runInProcess(async ({ mp, os, print, register, __name__ }) => {
      class MyProcess extends mp.Process {
        constructor(public x: string) {
          super();
        }
        async run() {
          print(`${this.x} ${mp.currentProcess().name} ${this instanceof MyProcess} parent=${mp.parentProcess().name}`);
          const g = new mp.Process({ target: leaf });
          g.start();
          await g.join();
        }
      }
      function leaf() {
        print(
          mp.currentProcess().name,
          os.getpid() === mp.currentProcess().pid,
          mp.parentProcess().pid === os.getppid(),
        );
      }
      register({ MyProcess, leaf });
      if (__name__ === '__main__') {
        print(mp.currentProcess().name, mp.parentProcess(), mp.currentProcess().isAlive(), os.getpid() === MAIN_PID);
        new mp.Process({ target: leaf }); // counted, never started
        const p = new MyProcess('子进程');
        p.start();
        await p.join();
      }
    });
    expect(run.out('MainProcess')).toBe('MainProcess null true true\n');
    expect(run.out('MyProcess-2')).toBe('子进程 MyProcess-2 true parent=MainProcess\n');
    expect(run.out('Process-2:1')).toBe('Process-2:1 true true\n');
  });
});

describe('random', () => {
  it('gives each process its own stream, reproducible from the run seed', async () => {
    const prog = async ({ mp, random, print, register, __name__ }: Ctx) => {
      function draw() {
        print([random.randint(1, 100), random.randint(1, 100)].join(','));
      }
      register({ draw });
      draw();
      if (__name__ === '__main__') {
        const p = new mp.Process({ target: draw });
        p.start();
        await p.join();
      }
    };
    const a = await runInProcess(prog, { seed: 1 });
    const b = await runInProcess(prog, { seed: 1 });
    const c = await runInProcess(prog, { seed: 2 });
    expect(a.out('Process-1')).toBe(b.out('Process-1'));
    expect(a.out('MainProcess')).toBe(b.out('MainProcess'));
    expect(a.out('MainProcess')).not.toBe(a.out('Process-1').split('\n').slice(-2).join('\n'));
    expect(a.out('MainProcess')).not.toBe(c.out('MainProcess'));
  });
});
