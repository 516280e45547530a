// Errors of non-blocking calls (taskDone, release) raised at the call, where CPython raises them: an awaited
// call rejects and try/catch sees it; a call nobody awaits still ends the process with its traceback.
import { describe, expect, it } from 'vitest';
import { nodeBundle } from '../../scripts/nodeBundle.mjs';
import { runOnNode } from '../hosts/node/nodeHost';
import type { Endpoint, KernelToProc, ProcToKernel } from '../protocol/messages';
import type { TraceEvent } from '../protocol/trace';
import { type Ctx, runMain as main } from '../testkit/inProcess';
import { ProcessRuntime } from './runtime';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

const TOO_MANY_TASKS = 'ValueError: task_done() called too many times';
const TOO_MANY_RELEASES = 'ValueError: semaphore or lock released too many times';

/** `try { await f() } catch` as a program writes it: the error's class and message, or "no error". */
async function caught(f: () => Promise<unknown>): Promise<string> {
  try {
    await f();
    return 'no error';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

describe('awaited calls reject where CPython raises (J01, K02, M02)', () => {
  it('JoinableQueue.taskDone() once too often', async () => {
    const run = await main(async ({ mp, print }) => {
      const q = new mp.JoinableQueue();
      await q.put(1);
      await q.get();
      print(await caught(() => q.taskDone()));
      print(await caught(() => q.taskDone()));
      print(await caught(() => q.taskDone()));
      await q.join();
      print('joined');
    });
    expect(run.out('MainProcess')).toBe(`no error\n${TOO_MANY_TASKS}\n${TOO_MANY_TASKS}\njoined\n`);
    expect(run.result.exitCode).toBe(0);
  });

  it('Lock.release() when it is not held, and BoundedSemaphore.release() above its initial value', async () => {
    const run = await main(async ({ mp, print }) => {
      const l = new mp.Lock();
      print(await caught(() => l.release()));
      await l.acquire();
      print(await caught(() => l.release()));
      const b = new mp.BoundedSemaphore(2);
      await b.acquire();
      print(await caught(() => b.release()));
      print(await caught(() => b.release()));
      const s = new mp.Semaphore(1);
      print(await caught(() => s.release()), await s.getValue()); // unbounded: never too many
    });
    expect(run.out('MainProcess')).toBe(`${TOO_MANY_RELEASES}\nno error\nno error\n${TOO_MANY_RELEASES}\nno error 2\n`);
    expect(run.result.exitCode).toBe(0);
  });

  it(".catch() and .then(ok, fail) see the error too; Condition.release() is its lock's", async () => {
    const run = await main(async ({ mp, print }) => {
      const q = new mp.JoinableQueue();
      await q.taskDone().catch((e: Error) => print('catch', e.name));
      await new mp.Lock().release().then(
        () => print('then ok'),
        (e: Error) => print('then fail', e.name),
      );
      print(await caught(() => new mp.Condition(new mp.Lock()).release()));
    });
    expect(run.out('MainProcess')).toBe(`catch ValueError\nthen fail ValueError\n${TOO_MANY_RELEASES}\n`);
  });

  it("what this process knows is not enough: the kernel's count over every process decides", async () => {
    // Process-1 marks done the one item main took: right, though it took nothing itself. Main's own call after
    // it is then one too many, though main took an item. The same with a Lock that another process released.
    const run = await main(
      async ({ mp, print }, { helper }) => {
        const q = new mp.JoinableQueue();
        const l = new mp.Lock();
        await q.put('x');
        await q.get();
        await l.acquire();
        const p = new mp.Process({ target: helper, args: [q, l] });
        p.start();
        await p.join();
        print('main taskDone:', await caught(() => q.taskDone()));
        print('main release:', await caught(() => l.release()));
      },
      (ctx) => ({ helper: makeHelper(ctx) }),
    );
    function makeHelper({ print }: Ctx) {
      return async function helper(q: { taskDone(): Promise<void> }, l: { release(): Promise<void> }): Promise<void> {
        print('child taskDone:', await caught(() => q.taskDone()));
        print('child release:', await caught(() => l.release()));
      };
    }
    expect(run.out('Process-1')).toBe('child taskDone: no error\nchild release: no error\n');
    expect(run.out('MainProcess')).toBe(`main taskDone: ${TOO_MANY_TASKS}\nmain release: ${TOO_MANY_RELEASES}\n`);
    expect(run.result.exitCode).toBe(0);
  });
});

describe('calls nobody awaits', () => {
  it('keep their fast path: calls in a loop are one op, sent with the batch, settled by one ack', async () => {
    const posted: ProcToKernel[][] = [];
    let deliver: (batch: KernelToProc[]) => void = () => {};
    const endpoint: Endpoint<KernelToProc, ProcToKernel> = {
      post: (b) => posted.push(b),
      listen: (h) => ((deliver = h), () => {}),
    };
    const rt = new ProcessRuntime(endpoint, { installGlobals: false, load: async () => {} });
    const settled: string[] = [];
    for (let i = 0; i < 50; i++) {
      rt.sendAppending('q', 'took', i); // as get() reports the leased items it takes
      rt.checkedOp('q', 'taskDone', false).then(
        () => settled.push(`ok ${i}`),
        (e: Error) => settled.push(`${e.name} ${i}`),
      );
    }
    expect(posted).toHaveLength(0); // nothing waits for the kernel: the batch goes when the task ends
    rt.flush();
    const checked = posted[0]!.filter((m) => m.t === 'op' && m.method === 'taskDone');
    expect(checked).toEqual([{ t: 'op', id: 'q', method: 'taskDone', args: range(1, 51), checked: true }]);
    deliver([
      { t: 'nack', seq: 50, error: { name: 'ValueError', message: 'task_done() called too many times' } },
      { t: 'ack', upTo: 50 },
    ]);
    await Promise.resolve();
    expect(settled.sort()).toEqual([...range(0, 49).map((i) => `ok ${i}`), 'ValueError 49'].sort());
  });

  it('end the process with the error if they fail, and nothing after the next wait runs (J01)', async () => {
    const run = await main(async ({ mp, print, time }) => {
      const q = new mp.JoinableQueue();
      await q.put(1);
      await q.get();
      void q.taskDone();
      await q.join();
      print('joined');
      void q.taskDone();
      await time.sleep(1);
      print('not reached');
    });
    expect(run.out('MainProcess', 'stdout')).toBe('joined\n');
    expect(run.out('MainProcess', 'stderr')).toContain(TOO_MANY_TASKS);
    expect(run.result.exitCode).toBe(1);
  });

  it('a release that fails when a `with lock:` block ends ends the process', async () => {
    const run = await main(
      async ({ mp, print, time }, { meddle }) => {
        const l = new mp.Lock();
        {
          const h = await l.hold();
          const p = new mp.Process({ target: meddle, args: [l] });
          p.start();
          await p.join(); // the child released our lock (any process may release a Lock, K04)
          await h[Symbol.asyncDispose]();
        }
        await time.sleep(1);
        print('not reached');
      },
      () => ({ meddle: async (l: { release(): Promise<void> }) => l.release() }),
    );
    expect(run.out('MainProcess', 'stdout')).toBe('');
    expect(run.out('MainProcess', 'stderr')).toContain(TOO_MANY_RELEASES);
    expect(run.result.exitCode).toBe(1);
    const exits = run.events.filter((e) => e.kind === 'exit') as Extract<TraceEvent, { kind: 'exit' }>[];
    expect(exits.find((e) => e.pid === run.pidOf('Process-1'))?.code).toBe(0);
  });
});

describe('with real workers (Node host)', () => {
  async function run(source: string) {
    const { worker } = (await nodeBundle()) as { worker: URL };
    const out: string[] = [];
    const r = await runOnNode({
      source,
      workerUrl: worker,
      speed: 20,
      onEvent: (e: TraceEvent) => {
        if (e.kind === 'output') out.push(e.text);
      },
    });
    return { result: await r.done, out: out.join('') };
  }

  it('try/catch around the awaited call catches it; an un-awaited one prints a traceback naming its line', async () => {
    const r = await run(
      [
        'import { JoinableQueue, Lock, BoundedSemaphore } from "multiprocessing";', // 1
        'if (__name__ === "__main__") {', // 2
        '  const q = new JoinableQueue<number>();', // 3
        '  try { await q.taskDone(); print("no error"); } catch (e) { print("caught", String(e)); }', // 4
        '  try { await new Lock().release(); } catch (e) { print("caught", String(e)); }', // 5
        '  try { await new BoundedSemaphore(1).release(); } catch (e) { print("caught", String(e)); }', // 6
        '  q.taskDone();', // 7
        '  await q.join();', // 8
        '  print("not reached");', // 9
        '}', // 10
      ].join('\n'),
    );
    expect(r.out).toContain(`caught ${TOO_MANY_TASKS}\ncaught ${TOO_MANY_RELEASES}\ncaught ${TOO_MANY_RELEASES}\n`);
    expect(r.out).not.toContain('no error');
    expect(r.out).not.toContain('not reached');
    expect(r.out).toContain(
      `Traceback (most recent call last):\n  File "main.ts", line 7, in <module>\n    q.taskDone();\n${TOO_MANY_TASKS}\n`,
    );
    expect(r.result.exitCode).toBe(1);
  });
});
