// The run's limits (issue 14.6): each ends the offending call or process with a Python-style error, keeps the
// output and trace before it, and the run goes on or ends; never a hang, never a kernel out of memory.
import { describe, expect, it } from 'vitest';
import { nodeBundle } from '../../scripts/nodeBundle.mjs';
import { runOnNode, type NodeRunOptions } from '../hosts/node/nodeHost';
import type { TraceEvent } from '../protocol/trace';
import { type Ctx, errorText, runMain as main } from '../testkit/inProcess';

const AGAIN = 'BlockingIOError: [Errno 11] Resource temporarily unavailable';

describe('live processes (maxProcesses)', () => {
  it("start() beyond the cap raises a failing fork's BlockingIOError at the call; after a join there is room", async () => {
    const run = await main(
      async ({ mp, print }, { nap }) => {
        const started: { start(): void; join(): Promise<void> }[] = [];
        for (let i = 0; i < 5; i++) {
          const p = new mp.Process({ target: nap });
          const e = await errorText(() => p.start());
          print(i, e);
          if (e === 'no error') started.push(p);
        }
        await started[0]!.join();
        const again = new mp.Process({ target: nap });
        print('after a join:', await errorText(() => again.start()));
        for (const p of [...started.slice(1), again]) await p.join();
      },
      (ctx: Ctx) => ({ nap: async () => ctx.time.sleep(1) }),
      { maxProcesses: 4 },
    );
    // MainProcess and three children make four: the fourth start() has no room.
    expect(run.out('MainProcess')).toBe(
      `0 no error\n1 no error\n2 no error\n3 ${AGAIN}\n4 ${AGAIN}\nafter a join: no error\n`,
    );
    expect(run.result.exitCode).toBe(0);
  });

  it('a process tree that starts children recursively stops at the cap, each refused start() raising there', async () => {
    const cap = 12;
    const run = await main(
      async ({ mp }, { grow }) => {
        await grow(0);
        void mp;
      },
      (ctx: Ctx) => {
        const grow = async function grow(depth: number): Promise<void> {
          const kids = [];
          for (let i = 0; i < 2; i++) {
            const p = new ctx.mp.Process({ target: grow, args: [depth + 1] });
            try {
              p.start();
              kids.push(p);
            } catch (e) {
              ctx.print(`${(e as Error).name}: ${(e as Error).message}`);
              return;
            }
          }
          for (const p of kids) await p.join();
        };
        return { grow };
      },
      { maxProcesses: cap },
    );
    // Processes that booted (those the kernel itself refused, when several started at once on an older count
    // of the room, die before they boot): never more than the cap at once.
    let live = 0;
    let most = 0;
    for (const e of run.events) {
      if (e.kind === 'start') most = Math.max(most, ++live);
      if (e.kind === 'exit' && e.reason !== 'refused') live--;
    }
    expect(most).toBeLessThanOrEqual(cap);
    const atStart = run.events.filter((e) => e.kind === 'output' && e.text === `${AGAIN}\n`);
    const byKernel = run.events.filter((e) => e.kind === 'exit' && e.reason === 'refused');
    expect(atStart.length).toBeGreaterThan(byKernel.length); // most are refused at start(), where CPython raises
    expect(run.result).toMatchObject({ exitCode: 0, reason: 'exited' });
  });

  it('uncaught, it ends the process with its traceback and a note that says why', async () => {
    const run = await main(
      async ({ mp }, { nap }) => {
        for (let i = 0; i < 3; i++) new mp.Process({ target: nap }).start();
      },
      (ctx: Ctx) => ({ nap: async () => ctx.time.sleep(1) }),
      { maxProcesses: 2 },
    );
    expect(run.out('MainProcess', 'stderr')).toMatch(
      /BlockingIOError: \[Errno 11\] Resource temporarily unavailable\n\(mpplay runs at most 2 live processes at once; join some before starting more\)\n$/,
    );
    expect(run.of('MainProcess', 'exit')[0]).toMatchObject({ code: 1 });
  });
});

describe('bytes held by queues and pipes (maxHeldBytes)', () => {
  const MEMORY = /^MemoryError: the queues and pipes of this run would hold more than .* \(mpplay's cap\)/;

  it('a put loop with nobody taking raises MemoryError at the put; the output before it is kept', async () => {
    const run = await main(
      async ({ mp, print }) => {
        const q = new mp.Queue();
        print('before the loop');
        let n = 0;
        try {
          for (;;) {
            await q.put('x'.repeat(100));
            n++;
          }
        } catch (e) {
          print(`${(e as Error).name} after ${n} puts`);
          print(await errorText(() => q.put('x'.repeat(100))));
        }
        print('got', (await q.get()).length);
      },
      () => ({}),
      { maxHeldBytes: 50_000 },
    );
    const lines = run.out('MainProcess').split('\n');
    expect(lines[0]).toBe('before the loop');
    const n = Number(/MemoryError after (\d+) puts/.exec(lines[1]!)![1]);
    expect(n * 216).toBeLessThanOrEqual(50_000); // 16 + 2 × 100 bytes each, as counted
    expect(n * 216).toBeGreaterThan(50_000 - 216);
    expect(lines[2]).toMatch(MEMORY);
    expect(lines[3]).toBe('got 100');
    expect(run.result.exitCode).toBe(0);
  });

  it('more than the cap may pass through a queue over time, as long as it is not held at once', async () => {
    const run = await main(
      async ({ mp, print }, { consume }) => {
        const q = new mp.Queue();
        const acks = new mp.Queue();
        const p = new mp.Process({ target: consume, args: [q, acks] });
        p.start();
        for (let round = 0; round < 40; round++) {
          for (let i = 0; i < 10; i++) await q.put('y'.repeat(200)); // 416 bytes each: 4 KB a round
          await acks.get();
        }
        await q.put(null);
        await p.join();
        print('passed', 40 * 10 * 416, 'bytes through a cap of', 20_000);
      },
      () => ({
        consume: async function consume(
          q: { get(): Promise<unknown> },
          acks: { put(x: unknown): Promise<void> },
        ): Promise<void> {
          for (let n = 1; (await q.get()) !== null; n++) if (n % 10 === 0) await acks.put(n);
        },
      }),
      { maxHeldBytes: 20_000 },
    );
    expect(run.out('MainProcess')).toBe('passed 166400 bytes through a cap of 20000\n');
    expect(run.result.exitCode).toBe(0);
  });

  it('Pipe.send past the cap raises MemoryError at once; a bounded put rejects with it', async () => {
    const run = await main(
      async ({ mp, print }) => {
        const [a] = mp.Pipe();
        let n = 0;
        try {
          for (;;) {
            a.send([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
            n++;
          }
        } catch (e) {
          print(`${(e as Error).name} after ${n} sends`);
        }
        const q = new mp.Queue(1000);
        print(await errorText(() => q.put('z'.repeat(20_000))));
      },
      () => ({}),
      { maxHeldBytes: 10_000, pipeLinks: 'off' },
    );
    const lines = run.out('MainProcess').split('\n');
    expect(lines[0]).toMatch(/^MemoryError after \d+ sends$/);
    expect(lines[1]).toMatch(MEMORY);
  });
});

describe('output kept (maxOutputLines, maxOutputChars)', () => {
  it('a print flood keeps its newest lines, a note where the older were, and the traceback after it', async () => {
    const run = await main(
      async ({ print }) => {
        for (let i = 0; i < 500; i++) print(`line ${i}`);
        throw new Error('boom');
      },
      () => ({}),
      { maxOutputLines: 50 },
    );
    const outputs = run.events.filter((e): e is Extract<TraceEvent, { kind: 'output' }> => e.kind === 'output');
    expect(outputs).toHaveLength(51); // the note, and the newest 50 lines
    expect(outputs[0]!.text).toMatch(/^mpplay: 451 earlier lines of output .* were dropped here/);
    expect(outputs.slice(1, 3).map((e) => e.text)).toEqual(['line 451\n', 'line 452\n']);
    expect(outputs.at(-2)!.text).toBe('line 499\n');
    expect(outputs.at(-1)!.text).toContain('Error: boom');
    expect(run.result.outputDropped).toBe(451);
    expect(run.events.filter((e) => e.kind === 'exit')).toHaveLength(1); // the rest of the trace is all there
  });
});

describe("each worker's memory (Node: resourceLimits)", () => {
  it('a process that allocates past its cap ends with MemoryError; the others and the run go on', async () => {
    const { worker } = (await nodeBundle()) as { worker: URL };
    const out: string[] = [];
    const opts: NodeRunOptions = {
      source: [
        'import { Process } from "multiprocessing";',
        'function hog() {',
        '  const keep: number[][] = [];',
        '  for (;;) keep.push(new Array(1_000_000).fill(1.5));',
        '}',
        'if (__name__ === "__main__") {',
        '  print("before");',
        '  const p = new Process({ target: hog });',
        '  p.start();',
        '  await p.join();',
        '  print("hog exit", p.exitCode);',
        '}',
      ].join('\n'),
      workerUrl: worker,
      workerMemoryMb: 64,
      onEvent: (e: TraceEvent) => {
        if (e.kind === 'output') out.push(e.text);
      },
    };
    const r = await runOnNode(opts);
    const result = await r.done;
    const text = out.join('');
    expect(text).toContain('before\n');
    expect(text).toContain("MemoryError: this process used more than 64 MB of memory (mpplay's cap for one process)\n");
    expect(text).toContain('hog exit 1\n');
    expect(result.exitCode).toBe(0);
  });
});
