// The runtime's outbox: non-blocking ops accumulate into one message per batch without changing the order
// of anything whose order matters (src/runtime/runtime.ts, sendAppending).
import { describe, expect, it, vi } from 'vitest';
import type { Endpoint, KernelToProc, ProcToKernel } from '../protocol/messages';
import { LAZY_MS } from './outbox';
import { ProcessRuntime } from './runtime';

function runtime() {
  const posted: ProcToKernel[][] = [];
  const endpoint: Endpoint<KernelToProc, ProcToKernel> = { post: (b) => posted.push(b), listen: () => () => {} };
  const rt = new ProcessRuntime(endpoint, { installGlobals: false, load: async () => {} });
  return { rt, posted, flush: () => rt.flush() };
}

/** Resolves in a later task (as the outbox's own end-of-task flush is scheduled). */
const nextTask = () =>
  new Promise<void>((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });

const ops = (batch: ProcToKernel[]) =>
  batch.map((m) => (m.t === 'op' ? `${m.method} ${m.id} [${m.args.join(',')}]` : m.t));

describe('sendAppending', () => {
  it("a consumer's took and taskDone, alternating item by item, go as two ops per batch", () => {
    const { rt, posted, flush } = runtime();
    for (let i = 1; i <= 4; i++) {
      rt.sendAppending('q', 'took', i);
      rt.sendAppending('q', 'taskDone', 1);
    }
    flush();
    expect(ops(posted[0]!)).toEqual(['took q [1,2,3,4]', 'taskDone q [1,1,1,1]']);
  });

  it('never appends past an op whose order matters: a put, or an op on another object', () => {
    const { rt, posted, flush } = runtime();
    rt.sendAppending('q', 'taskDone', 1);
    rt.sendAppending('q', 'put', 'x');
    rt.sendAppending('q', 'taskDone', 1);
    rt.sendAppending('r', 'took', 7);
    rt.sendAppending('q', 'taskDone', 1);
    flush();
    expect(ops(posted[0]!)).toEqual(['taskDone q [1]', 'put q [x]', 'taskDone q [1]', 'took r [7]', 'taskDone q [1]']);
  });

  it('consecutive puts to one queue are one op, and a new batch starts a new op', () => {
    const { rt, posted, flush } = runtime();
    for (const x of ['a', 'b', 'c']) rt.sendAppending('q', 'put', x);
    flush();
    rt.sendAppending('q', 'put', 'd');
    flush();
    expect(posted.map(ops)).toEqual([['put q [a,b,c]'], ['put q [d]']]);
  });

  it('a put and the wait after it reach the kernel in one batch, however long since the last one', () => {
    const { rt, posted, flush } = runtime();
    flush();
    const until = performance.now() + 6;
    while (performance.now() < until); // a process busy for a while (the event-start-gun race)
    rt.sendAppending('q', 'put', 'ready');
    void rt.startCall({ op: 'obj', id: 'e', method: 'wait', args: [], timeout: null });
    expect(posted.map(ops)).toEqual([['put q [ready]', 'call']]);
  });

  it('a loop that never yields still sends its puts in batches of 1024 while it goes on', () => {
    const { rt, posted } = runtime();
    for (let i = 0; i < 2500; i++) rt.sendAppending('q', 'put', i);
    expect(posted.map((b) => b.map((m) => (m.t === 'op' ? m.args.length : 0)))).toEqual([[1024], [1024]]);
  });

  it('a lazy report waits for the next batch, or goes on its own within LAZY_MS', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { rt, posted } = runtime();
    rt.sendAppending('p', 'ltook', 1, true);
    rt.sendAppending('p', 'ltook', 2, true);
    await nextTask(); // a task ended: a lazy op asks for no batch of its own
    expect(posted).toHaveLength(0);
    rt.send({ t: 'out', stream: 'stdout', text: 'x' }); // anything else that goes takes it along
    rt.flush();
    expect(posted.map(ops)).toEqual([['ltook p [1,2]', 'out']]);
    await nextTask(); // the end-of-task flush that `out` asked for: nothing left to send
    rt.sendAppending('p', 'ltook', 3, true);
    await nextTask();
    expect(posted).toHaveLength(1);
    vi.advanceTimersByTime(LAZY_MS);
    expect(posted.map(ops)).toEqual([['ltook p [1,2]', 'out'], ['ltook p [3]']]);
    vi.useRealTimers();
  });
});

describe('flushLinks', () => {
  it("posts the links' data alone while only lazy reports wait, and after the kernel's batch otherwise", () => {
    const { rt, posted } = runtime();
    const order: string[] = [];
    rt.flushHooks.add(() => order.push(`link (kernel batches so far: ${posted.length})`));
    rt.sendAppending('pipe', 'lsent', 1, true);
    rt.flushLinks();
    expect(order).toEqual(['link (kernel batches so far: 0)']); // the lazy report waits for a batch
    rt.sendAppending('ring', 'lsent', 1); // a ring's report (not lazy) does not hold a ring's write back either
    rt.flushEager();
    expect(posted).toHaveLength(0);
    rt.send({ t: 'op', id: 'q', method: 'put', args: ['printed before the send'] });
    rt.flushLinks();
    expect(order.at(-1)).toBe('link (kernel batches so far: 1)');
    expect(ops(posted[0]!)).toEqual(['lsent pipe [1]', 'lsent ring [1]', 'put q [printed before the send]']);
  });
});

describe('a process that exits', () => {
  it('sends its exit, then closes the ports of its batches’ runner (a worker hosts hundreds of processes)', async () => {
    const closed = vi.spyOn(MessagePort.prototype, 'close');
    try {
      const { rt, posted } = runtime();
      rt.exit(0, 'returned');
      expect(posted.flat().map((m) => m.t)).toEqual(['exit']);
      expect(closed).toHaveBeenCalledTimes(2);
      rt.flush();
      await nextTask();
      expect(posted.flat().map((m) => m.t)).toEqual(['exit']);
    } finally {
      closed.mockRestore();
    }
  });
});
