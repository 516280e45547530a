// Queues and pipes with CPython's behaviour (CPYTHON-CASES §1.5–1.7), both ends in one thread; a lone
// consumer's leases in queueLeases.test.ts.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { errorText as err, runMain as main, type Ctx } from '../testkit/inProcess';

describe('Queue', () => {
  it('get() on an empty queue: Empty after the timeout, at once without blocking (Q01)', async () => {
    const run = await main(async ({ mp, time, print }) => {
      const q = new mp.Queue();
      let t = time.monotonic();
      print(await err(() => q.get({ timeout: 0.2 })));
      print(await err(() => q.get({ block: false })));
      print(await err(() => q.getNowait()));
      print(await err(() => q.get({ block: false, timeout: 5 })));
      t = time.monotonic() - t;
      print(t >= 0);
    });
    expect(run.out('MainProcess')).toBe('Empty: \n'.repeat(4) + 'true\n');
    const blocked = run.of('MainProcess', 'blocked') as Extract<TraceEvent, { kind: 'blocked' }>[];
    expect(blocked).toHaveLength(1);
    expect(blocked[0]!.on).toMatchObject({ op: 'get', label: 'Queue#1.get()', timeout: 0.2 });
    const back = run.of('MainProcess', 'unblocked').at(-1)!;
    expect(back.at - blocked[0]!.at).toBe(200);
  });

  it('a put() that is not awaited is on its way before the next call: a get() right after finds the item', async () => {
    const run = await main(async ({ mp, print }) => {
      const q = new mp.Queue();
      const s = new mp.SimpleQueue();
      void q.put(1);
      print(await q.get({ timeout: 1 })); // Empty after a second if the put waited behind the get
      void s.put(2);
      print(await s.get());
    });
    expect(run.out('MainProcess')).toBe('1\n2\n');
  });

  it('a full bounded queue: Full at once or after the timeout (Q02, Q03); qsize counts (Q04)', async () => {
    const run = await main(async ({ mp, print }) => {
      const q = new mp.Queue(1);
      await q.put('a');
      print(await err(() => q.put('b', { block: false })));
      print(await err(() => q.putNowait('b')));
      print(await err(() => q.put('b', { timeout: 0.1 })));
      print(await q.qsize(), await q.full(), await q.empty());
      print(await q.get(), await q.qsize(), await q.full(), await q.empty());
    });
    expect(run.out('MainProcess')).toBe('Full: \nFull: \nFull: \n1 true false\na 0 false true\n');
  });

  it('keeps FIFO across processes and hands out copies (Q05, Q07)', async () => {
    const run = await main(
      async ({ mp, print }) => {
        const q = new mp.Queue();
        const obj = { n: 1 };
        for (const i of [0, 1, 2]) await q.put(i);
        await q.put(obj);
        obj.n = 2; // mutating after put changes nothing in the queue
        const p = new mp.Process({ target: putMore, args: [q] });
        p.start();
        await p.join();
        const got = [];
        for (let i = 0; i < 7; i++) got.push(await q.get());
        print(JSON.stringify(got), got[3] === obj);
        print(await err(() => q.get({ block: false })));
      },
      () => ({ putMore }),
    );
    async function putMore(q: { put(x: unknown): Promise<void> }) {
      for (const i of [10, 11, 12]) await q.put(i);
    }
    expect(run.out('MainProcess')).toBe('[0,1,2,{"n":1},10,11,12] false\nEmpty: \n');
    const puts = run.events.filter((e) => e.kind === 'put') as Extract<TraceEvent, { kind: 'put' }>[];
    const takes = run.events.filter((e) => e.kind === 'take') as Extract<TraceEvent, { kind: 'take' }>[];
    expect(puts.map((p) => p.item)).toEqual(takes.map((t) => t.item)); // every item id from put to take
    expect(puts[3]!.summary).toBe('{"n":1}');
  });

  it('a queue inside a queue item is refused and dropped, as the feeder thread does (Q09); closed queues (Q10)', async () => {
    const run = await main(async ({ mp, print }) => {
      const q = new mp.Queue();
      await q.put(new mp.Queue());
      print(await err(() => q.get({ timeout: 0.1 })));
      q.close();
      print(await err(() => q.put(1)));
      print(await err(() => q.get()));
    });
    const lines = run.out('MainProcess', 'stdout').split('\n');
    expect(lines[0]).toBe('Empty: ');
    expect(lines[1]).toBe('ValueError: Queue <multiprocessing.queues.Queue object Queue#1> is closed');
    expect(lines[2]).toBe(lines[1]);
    expect(run.out('MainProcess', 'stderr')).toContain(
      'RuntimeError: Queue objects should only be shared between processes through inheritance',
    );
  });

  it('marks the items nobody took at the end of the run', async () => {
    const run = await main(async ({ mp }) => {
      const q = new mp.Queue();
      for (const x of ['a', 'b', 'c']) await q.put(x);
      await q.get();
    });
    const untaken = run.events.find((e) => e.kind === 'untaken') as Extract<TraceEvent, { kind: 'untaken' }>;
    const puts = run.events.filter((e) => e.kind === 'put') as Extract<TraceEvent, { kind: 'put' }>[];
    expect(untaken).toMatchObject({ obj: 'Queue#1', items: [puts[1]!.item, puts[2]!.item] });
  });
});

describe('JoinableQueue and SimpleQueue', () => {
  it('taskDone() too often raises ValueError in the caller (J01); join() with nothing unfinished returns (J02)', async () => {
    const run = await main(async ({ mp, print, time }) => {
      const q = new mp.JoinableQueue();
      await q.join();
      await q.put(1);
      await q.get();
      q.taskDone();
      await q.join();
      print('joined');
      q.taskDone();
      await time.sleep(1);
      print('not reached');
    });
    expect(run.out('MainProcess', 'stdout')).toBe('joined\n');
    expect(run.out('MainProcess', 'stderr')).toContain('ValueError: task_done() called too many times');
    expect(run.result.exitCode).toBe(1);
  });

  it('join() returns after the last taskDone() of 4 workers, and records whom it released (J03)', async () => {
    const run = await main(
      async ({ mp, print }, { worker }) => {
        const q = new mp.JoinableQueue();
        const ws = [0, 1, 2, 3].map(() => new mp.Process({ target: worker, args: [q] }));
        for (const w of ws) w.start();
        for (let i = 0; i < 10; i++) await q.put(i);
        await q.join();
        print('all done');
        for (let i = 0; i < ws.length; i++) await q.put(null);
        for (const w of ws) await w.join();
        print(ws.map((w: { exitCode: number }) => w.exitCode).join(','));
      },
      (ctx) => ({ worker: makeWorker(ctx) }),
    );
    function makeWorker({ time }: Ctx) {
      return async function worker(q: { get(): Promise<unknown>; taskDone(): void }) {
        for (let x = await q.get(); x !== null; x = await q.get()) {
          await time.sleep(0.1);
          q.taskDone();
        }
      };
    }
    expect(run.out('MainProcess')).toBe('all done\n0,0,0,0\n');
    const dones = run.events.filter((e) => e.kind === 'taskDone') as Extract<TraceEvent, { kind: 'taskDone' }>[];
    expect(dones).toHaveLength(10);
    expect(dones.at(-1)).toMatchObject({ unfinished: 0, releases: [run.pidOf('MainProcess')] });
  });

  it('SimpleQueue: empty(), put/get, and OSError after close (S01, S02)', async () => {
    const run = await main(async ({ mp, print }) => {
      const q = new mp.SimpleQueue();
      print(await q.empty());
      await q.put(5);
      print(await q.empty(), await q.get());
      q.close();
      q.close();
      for (const f of [() => q.empty(), () => q.get(), () => q.put(1)]) print(await err(f));
    });
    expect(run.out('MainProcess')).toBe('true\nfalse 5\n' + 'OSError: handle is closed\n'.repeat(3));
  });
});

describe('Pipe', () => {
  it('sends copies both ways; poll() timing (C01, C02)', async () => {
    const run = await main(
      async ({ mp, print }) => {
        const [a, b] = mp.Pipe();
        print(await a.poll(), await a.poll(0.1), await a.poll(-1));
        b.send({ x: 1 });
        print(await a.poll(5), JSON.stringify(await a.recv()));
        const p = new mp.Process({ target: echo, args: [b] });
        p.start();
        a.send('ping');
        print(await a.recv());
        await p.join();
      },
      () => ({ echo }),
    );
    async function echo(conn: { recv(): Promise<string>; send(x: string): void }) {
      conn.send((await conn.recv()) + ' pong');
    }
    expect(run.out('MainProcess')).toBe('false false false\ntrue {"x":1}\nping pong\n');
  });

  it('EOFError once every handle of the other end is closed (C06), OSError on a closed end (C07)', async () => {
    const run = await main(
      async ({ mp, print }) => {
        const [reader, writer] = mp.Pipe(false);
        const p = new mp.Process({ target: writeTwo, args: [writer] });
        p.start();
        writer.close(); // the parent's copy: without this, recv() would wait forever
        print(await reader.recv(), await reader.recv());
        print(await err(() => reader.recv()), await reader.poll());
        await p.join();
        reader.close();
        print(await err(() => reader.recv()), reader.closed);
      },
      () => ({ writeTwo }),
    );
    function writeTwo(w: { send(x: number): void }) {
      w.send(1);
      w.send(2);
    }
    expect(run.out('MainProcess')).toBe('1 2\nEOFError:  true\nOSError: handle is closed true\n');
  });

  it('one-way pipes refuse the wrong direction (C08); send() of a closure fails at once (C09)', async () => {
    const run = await main(async ({ mp, print }) => {
      const [r, w] = mp.Pipe(false);
      print(r.readable, r.writable, w.readable, w.writable);
      print(await err(() => r.send(1)));
      print(await err(() => w.recv()));
      print(await err(() => w.poll()));
      print(await err(() => w.send(() => 1)));
    });
    const lines = run.out('MainProcess').split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'true false false true',
      'OSError: connection is read-only',
      'OSError: connection is write-only',
      'OSError: connection is write-only',
    ]);
    expect(lines[4]).toMatch(/^PicklingError: Can't pickle <function/);
  });
});

describe('deadlock diagnosis', () => {
  it('ends a JoinableQueue hang with a report that names join() and get() and the missing taskDone()', async () => {
    const run = await main(
      async ({ mp }) => {
        const q = new mp.JoinableQueue();
        const c = new mp.Process({ target: consumer, args: [q], daemon: true });
        c.start();
        for (let i = 0; i < 9; i++) await q.put(i);
        await q.join();
      },
      () => ({ consumer }),
    );
    async function consumer(q: { get(): Promise<unknown> }) {
      for (;;) await q.get();
    }
    expect(run.result).toMatchObject({ reason: 'deadlock', exitCode: 124 });
    const d = run.events.find((e) => e.kind === 'deadlock') as Extract<TraceEvent, { kind: 'deadlock' }>;
    expect(d.waits.map((w) => [w.name, w.on])).toEqual([
      ['MainProcess', 'JoinableQueue#1.join()'],
      ['Process-1', 'JoinableQueue#1.get()'],
    ]);
    expect(d.report).toContain(
      'MainProcess (pid 1000) waits in JoinableQueue#1.join(): 9 tasks were taken by get() but never marked taskDone()',
    );
  });

  it('says so when the main code has ended but a child waits forever', async () => {
    const run = await main(
      async ({ mp }) => {
        const q = new mp.Queue();
        new mp.Process({ target: waiter, args: [q] }).start();
      },
      () => ({ waiter }),
    );
    async function waiter(q: { get(): Promise<unknown> }) {
      await q.get();
    }
    const d = run.events.find((e) => e.kind === 'deadlock') as Extract<TraceEvent, { kind: 'deadlock' }>;
    expect(d.report).toMatch(
      /MainProcess \(pid 1000\) waits in exit: waiting for non-daemon children: its code has finished.*Process-1/,
    );
    expect(d.report).toContain('Process-1 (pid');
    expect(d.report).toContain('waits in Queue#1.get(): the queue is empty');
  });

  it('does not call a wait with a timeout a deadlock', async () => {
    const run = await main(async ({ mp, print }) => {
      const q = new mp.Queue();
      try {
        await q.get({ timeout: 3 });
      } catch {
        print('timed out');
      }
    });
    expect(run.result.reason).toBe('exited');
    expect(run.out('MainProcess')).toBe('timed out\n');
  });
});

describe('trace order', () => {
  it("records the taskDone() that releases a join() before that join wakes; names a pool worker's pool", async () => {
    const run = await main(async ({ mp }) => {
      const q = new mp.JoinableQueue();
      await q.put(1);
      await q.get();
      const p = new mp.Pool(1);
      p.terminate();
      q.taskDone();
      await q.join();
    });
    const done = run.events.findIndex((e) => e.kind === 'taskDone');
    expect(run.events[done]).toMatchObject({ releases: [] }); // nobody was joining yet
    const spawn = run.events.find((e) => e.kind === 'spawn' && e.name.startsWith('SpawnPoolWorker'));
    expect(spawn).toMatchObject({ pool: 'Pool#1' });
  });

  it('a taskDone that releases a waiting join comes before its unblocked', async () => {
    const run = await main(
      async ({ mp }, { finisher }) => {
        const q = new mp.JoinableQueue();
        await q.put(1);
        const p = new mp.Process({ target: finisher, args: [q] });
        p.start();
        await q.join();
        await p.join();
      },
      (ctx) => ({
        finisher: async (q: { get(): Promise<unknown>; taskDone(): void }) => {
          await q.get();
          await ctx.time.sleep(0.5);
          q.taskDone();
        },
      }),
    );
    const i = run.events.findIndex((e) => e.kind === 'taskDone');
    const j = run.events.findIndex((e, k) => k > 0 && e.kind === 'unblocked' && e.pid === run.pidOf('MainProcess'));
    expect(run.events[i]).toMatchObject({ releases: [run.pidOf('MainProcess')] });
    expect(i).toBeLessThan(j);
  });
});
