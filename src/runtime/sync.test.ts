// Locks, semaphores, Event, Condition, Barrier, Value and Array (CPYTHON-CASES §1.8–1.10), both ends in one thread.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { errorText as err, runMain as main, type Ctx } from '../testkit/inProcess';

describe('Lock and RLock', () => {
  it('acquire/release, non-blocking and timed acquire of a held lock (K01, K03)', async () => {
    const run = await main(async ({ mp, print }) => {
      const l = new mp.Lock();
      print(
        await l.acquire(),
        await l.acquire(false),
        await l.acquire({ block: false }),
        await l.acquire({ timeout: 0.1 }),
      );
      print(await l.acquire(true, -1));
      l.release();
      print(await l.acquire({ timeout: 0.1 }));
      l.release();
    });
    expect(run.out('MainProcess')).toBe('true false false false\nfalse\ntrue\n');
    const locks = run.events.filter((e) => e.kind === 'lock') as Extract<TraceEvent, { kind: 'lock' }>[];
    expect(locks.map((l) => l.op)).toEqual(['acquire', 'release', 'acquire', 'release']);
  });

  it('releasing an unlocked Lock raises ValueError in that process (K02)', async () => {
    const run = await main(async ({ mp, time }) => {
      new mp.Lock().release();
      await time.sleep(1);
    });
    expect(run.out('MainProcess', 'stderr')).toContain('ValueError: semaphore or lock released too many times');
    expect(run.result.exitCode).toBe(1);
  });

  it('RLock is re-entrant for its owner; others cannot release it (R01, R02)', async () => {
    const run = await main(async ({ mp, print }) => {
      const r = new mp.RLock();
      print(await r.acquire(), await r.acquire(), await r.acquire());
      r.release();
      r.release();
      r.release();
      print(await err(() => r.release()));
    });
    expect(run.out('MainProcess')).toBe(
      'true true true\nAssertionError: attempt to release recursive lock not owned by thread\n',
    );
  });

  it('hold() is `with lock:` and serialises a critical section across processes (K05)', async () => {
    const run = await main(
      async ({ mp }, { critical }) => {
        const l = new mp.Lock();
        const ps = [0, 1].map((i) => new mp.Process({ target: critical, args: [l, i] }));
        for (const p of ps) p.start();
        for (const p of ps) await p.join();
      },
      (ctx) => ({ critical: makeCritical(ctx) }),
    );
    function makeCritical({ time, print }: Ctx) {
      return async function critical(l: { hold(): Promise<AsyncDisposable & { value: true }> }, i: number) {
        const h = await l.hold();
        try {
          print(`in ${i} ${h.value}`);
          await time.sleep(1);
          print(`out ${i}`);
        } finally {
          await h[Symbol.asyncDispose]();
        }
      };
    }
    const order = run.events
      .filter((e): e is Extract<TraceEvent, { kind: 'output' }> => e.kind === 'output')
      .map((e) => e.text.trim().split(' ')[0]);
    expect(order).toEqual(['in', 'out', 'in', 'out']);
    const blocked = run.events.filter((e) => e.kind === 'blocked') as Extract<TraceEvent, { kind: 'blocked' }>[];
    const onLock = blocked.filter((b) => b.on.obj === 'Lock#1');
    expect(onLock).toHaveLength(1); // the second process waits while the first holds it
    expect(onLock[0]!.on.label).toBe('Lock#1.acquire()');
  });

  it('a lock held by a terminated process stays held (L19), and the deadlock report says who holds it', async () => {
    const run = await main(
      async ({ mp, time, print }, { grab }) => {
        const l = new mp.Lock();
        const p = new mp.Process({ target: grab, args: [l] });
        p.start();
        await time.sleep(0.5);
        p.terminate();
        await p.join();
        print(await l.acquire({ timeout: 1 }));
        await l.acquire();
      },
      (ctx) => ({ grab: makeGrab(ctx) }),
    );
    function makeGrab({ time }: Ctx) {
      return async function grab(l: { acquire(): Promise<boolean> }) {
        await l.acquire();
        await time.sleep(100);
      };
    }
    expect(run.out('MainProcess', 'stdout')).toBe('false\n');
    const d = run.events.find((e) => e.kind === 'deadlock') as Extract<TraceEvent, { kind: 'deadlock' }>;
    expect(d.report).toContain(
      'waits in Lock#1.acquire(): held by Process-1, which has exited with code -15 (a terminated process never releases what it held)',
    );
  });
});

describe('Semaphore and BoundedSemaphore', () => {
  it('counts down, refuses at 0, and a plain Semaphore is unbounded (M01, M03)', async () => {
    const run = await main(async ({ mp, print }) => {
      const s = new mp.Semaphore(2);
      print(await s.getValue(), await s.acquire(), await s.acquire(), await s.acquire(false), await s.getValue());
      for (let i = 0; i < 4; i++) s.release();
      print(await s.getValue());
      const z = new mp.Semaphore(0);
      print(await z.acquire(false), await z.acquire({ timeout: 0.1 }));
    });
    expect(run.out('MainProcess')).toBe('2 true true false 0\n4\nfalse false\n');
  });

  it('BoundedSemaphore refuses to go above its start value (M02)', async () => {
    const run = await main(async ({ mp, time }) => {
      new mp.BoundedSemaphore(2).release();
      await time.sleep(1);
    });
    expect(run.out('MainProcess', 'stderr')).toContain('ValueError: semaphore or lock released too many times');
  });
});

describe('Event', () => {
  it('wait() returns false after its timeout until set(), then true at once (E01)', async () => {
    const run = await main(
      async ({ mp, print }, { setLater }) => {
        const e = new mp.Event();
        print(e.isSet(), await e.wait(0), await e.wait(0.1));
        const p = new mp.Process({ target: setLater, args: [e] });
        p.start();
        print(await e.wait(), e.isSet());
        e.clear();
        print(e.isSet(), String(e));
        await p.join();
      },
      (ctx) => ({ setLater: makeSetter(ctx) }),
    );
    function makeSetter({ time }: Ctx) {
      return async function setLater(e: { set(): void }) {
        await time.sleep(0.5);
        e.set();
      };
    }
    expect(run.out('MainProcess')).toBe('false false false\ntrue true\nfalse <Event Event#1 unset>\n');
  });
});

describe('Condition', () => {
  it('wait() needs the lock; notify() without it fails; wait(timeout) returns false (N01, N02)', async () => {
    const run = await main(async ({ mp, print }) => {
      const c = new mp.Condition();
      print(await err(() => c.wait()));
      print(await err(() => c.notify()));
      await c.acquire();
      print(await c.wait(0.1), await c.wait(0));
      c.release();
    });
    expect(run.out('MainProcess')).toBe(
      'AssertionError: must acquire() condition before using wait()\nAssertionError: lock is not owned\nfalse false\n',
    );
  });

  it('waitFor(predicate) wakes on notify from another process and returns the value (N03, N04)', async () => {
    const run = await main(
      async ({ mp, print }, { bump }) => {
        const c = new mp.Condition();
        const v = mp.Value('i', 0);
        const p = new mp.Process({ target: bump, args: [c, v] });
        p.start();
        await c.acquire();
        print(await c.waitFor(() => v.value === 4));
        print(await c.waitFor(() => v.value === 99 || 0, 0.1));
        c.release();
        await p.join();
      },
      (ctx) => ({ bump: makeBump(ctx) }),
    );
    function makeBump({ time }: Ctx) {
      return async function bump(c: { hold(): Promise<AsyncDisposable>; notifyAll(): void }, v: { value: number }) {
        for (let i = 0; i < 4; i++) {
          await time.sleep(0.1);
          const h = await c.hold();
          v.value += 1;
          c.notifyAll();
          await h[Symbol.asyncDispose]();
        }
      };
    }
    expect(run.out('MainProcess')).toBe('true\n0\n');
  });
});

describe('Barrier', () => {
  it('gives each of N parties a distinct index, runs the action once per pass (B01–B03)', async () => {
    const run = await main(
      async ({ mp, print }, { party, ctxAction }) => {
        const b = new mp.Barrier(3, ctxAction);
        print(b.parties, b.nWaiting, b.broken);
        const ps = [0, 1].map(() => new mp.Process({ target: party, args: [b] }));
        for (const p of ps) p.start();
        print('main index', typeof (await b.wait()));
        for (const p of ps) await p.join();
      },
      (ctx) => {
        const fns = { party: makeParty(ctx), ctxAction: () => ctx.print('action') };
        return fns;
      },
    );
    function makeParty({ print }: Ctx) {
      return async function party(b: { wait(): Promise<number> }) {
        print('index', await b.wait());
      };
    }
    const all = run.events
      .filter((e): e is Extract<TraceEvent, { kind: 'output' }> => e.kind === 'output')
      .map((e) => e.text);
    expect(all.filter((t) => t === 'action\n')).toHaveLength(1);
    const idx = all.filter((t) => t.startsWith('index')).map((t) => Number(t.split(' ')[1]));
    expect(idx.sort()).toHaveLength(2);
    expect(run.out('MainProcess', 'stdout')).toMatch(/^3 0 false\n/);
  });

  it('a timeout breaks the barrier for everyone; abort and reset (B04, B05)', async () => {
    const run = await main(async ({ mp, print }) => {
      const b = new mp.Barrier(2);
      print(await err(() => b.wait(0.2)), b.broken);
      print(await err(() => b.wait()));
      b.reset();
      const b1 = new mp.Barrier(1);
      print(await b1.wait(), await b1.wait());
    });
    expect(run.out('MainProcess')).toBe('BrokenBarrierError:  true\nBrokenBarrierError: \n0 0\n');
  });
});

describe('Value and Array', () => {
  it('holds numbers in shared memory a child can change (V01, V02, V05)', async () => {
    const run = await main(
      async ({ mp, print }) => {
        const v = mp.Value('i', 5);
        print(String(v), v.value, mp.Value('d').value);
        print(await err(() => mp.Value('i', 1.5)), await err(() => mp.Value('z')));
        print(await err(() => mp.Value('i', 5, { lock: false }).getLock()));
        print(await err(() => mp.Value('i', 5, { lock: 'navalue' })));
        const p = new mp.Process({ target: setIt, args: [v] });
        p.start();
        await p.join();
        print(v.value);
      },
      () => ({ setIt }),
    );
    function setIt(v: { value: number }) {
      v.value = 42;
    }
    expect(run.out('MainProcess')).toBe(
      [
        '<Synchronized wrapper for c_int(5)> 5 0',
        "TypeError: 'float' object cannot be interpreted as an integer TypeError: this type has no size",
        "AttributeError: 'c_int' object has no attribute 'get_lock'",
        "AttributeError: 'navalue' has no method 'acquire'",
        '42',
        '',
      ].join('\n'),
    );
  });

  it('Array: zero-filled, indexable, slices, errors (V07–V09)', async () => {
    const run = await main(
      async ({ mp, print }) => {
        const a = mp.Array('i', 10);
        print(a.slice().join(','));
        a.assign(range(10));
        a[3] = 33;
        print(a[3], a[-1], a.length, a.slice(2, 5).join(','), [...a].length);
        print(await err(() => a[10]), await err(() => (a[10] = 1)), await err(() => a.assign([1, 2], 0, 3)));
      },
      () => ({}),
    );
    function range(n: number) {
      return Array.from({ length: n }, (_, i) => i);
    }
    expect(run.out('MainProcess')).toBe(
      '0,0,0,0,0,0,0,0,0,0\n33 9 10 2,33,4 10\nIndexError: invalid index IndexError: invalid index ValueError: Can only assign sequence of same size\n',
    );
  });
});

describe('cases the compatibility page claims', () => {
  it('any process may release a Lock another acquired (K04)', async () => {
    const run = await main(
      async ({ mp, print }, { releaser }) => {
        const l = new mp.Lock();
        await l.acquire();
        const p = new mp.Process({ target: releaser, args: [l] });
        p.start();
        await p.join();
        print(p.exitCode, await l.acquire({ timeout: 1 }));
      },
      () => ({ releaser: (l: { release(): void }) => l.release() }),
    );
    expect(run.out('MainProcess')).toBe('0 true\n');
  });

  it('Value says why it cannot work where SharedArrayBuffer is missing (a page that is not cross-origin isolated)', async () => {
    const g = globalThis as { SharedArrayBuffer?: unknown };
    const saved = g.SharedArrayBuffer;
    try {
      delete g.SharedArrayBuffer;
      const run = await main(async ({ mp, print }) => {
        print(await err(() => mp.Value('i', 0)));
        print(await err(() => mp.Array('i', 3)));
        const q = new mp.Queue(); // everything else still works
        await q.put(1);
        print(await q.get());
      });
      const [v, a, rest] = run.out('MainProcess').split('\n');
      expect(v).toMatch(
        /^RuntimeError: Value and Array live in shared memory \(SharedArrayBuffer\), which this page does not have: it is not cross-origin isolated/,
      );
      expect(v).toContain('Open this example in the full mpplay playground');
      expect(a).toBe(v);
      expect(rest).toBe('1');
    } finally {
      g.SharedArrayBuffer = saved;
    }
  });
});
