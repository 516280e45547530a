// The kernel worker's side of lent process workers, over real MessageChannels: asking, binding, boot watch, give-back.
import { afterEach, describe, expect, it } from 'vitest';
import type { KernelToProc, ProcToKernel } from '../../protocol/messages';
import { LeaseSupply } from './leases';
import type { KernelToPage, Lease } from './protocol';
import { SequencedPort } from './sequencedPort';

const open: MessagePort[] = [];
afterEach(() => {
  for (const p of open.splice(0)) p.close();
});

/** A lease whose worker side the test holds (as processWorker.ts does): what the kernel sends arrives at `got`; `say` answers. */
function lease(id: number) {
  const { port1, port2 } = new MessageChannel();
  open.push(port1, port2);
  const got: KernelToProc[][] = [];
  const worker = new SequencedPort<ProcToKernel[], KernelToProc[]>(port2, {
    deliver: (b) => got.push(b),
    fail: () => {},
  });
  return {
    lease: { id, port: port1 } satisfies Lease,
    got,
    say: (batch: ProcToKernel[]) => worker.post(batch),
  };
}

function setup() {
  const sent: KernelToPage[] = [];
  const timers = new Map<number, () => void>();
  let n = 0;
  const supply = new LeaseSupply({
    post: (m) => sent.push(m),
    bootTimeoutMs: 20_000,
    setTimer: (fn) => {
      timers.set(++n, fn);
      return n;
    },
    clearTimer: (h) => void timers.delete(h as number),
  });
  return { supply, sent, fireTimers: () => [...timers.values()].forEach((f) => f()), timers };
}

const tick = () => new Promise((r) => setTimeout(r, 10));
/** Waits (at most 10 s) until `cond` holds: a busy machine may take a while to deliver a port's message. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await tick();
}
const ready: ProcToKernel[] = [{ t: 'ready' }];
const init = [{ t: 'init' }] as unknown as KernelToProc[];

describe('LeaseSupply', () => {
  it('hands out what the page lent first, and asks for the rest in one message', async () => {
    const s = setup();
    s.supply.add([lease(1).lease]);
    s.supply.take();
    s.supply.take();
    s.supply.take();
    await tick();
    expect(s.sent).toEqual([{ t: 'want', n: 2 }]);
    // Leases on their way are not asked for twice.
    s.supply.take();
    await tick();
    expect(s.sent).toEqual([
      { t: 'want', n: 2 },
      { t: 'want', n: 1 },
    ]);
  });

  it('queues what the kernel posts until the lease comes, then delivers it in order, and hears the worker', async () => {
    const s = setup();
    const w = s.supply.take();
    const heard: ProcToKernel[][] = [];
    w.listen((b) => heard.push(b));
    w.post(init);
    w.post([{ t: 'wake' }] as unknown as KernelToProc[]);
    const l = lease(7);
    s.supply.add([l.lease]);
    l.say(ready);
    await until(() => l.got.length >= 2 && heard.length >= 1);
    expect(l.got.map((b) => b[0]!.t)).toEqual(['init', 'wake']);
    expect(heard).toEqual([ready]);
  });

  it('sends nothing over a lease before its worker has answered on it (Firefox loses such messages)', async () => {
    const s = setup();
    const l = lease(5);
    s.supply.add([l.lease]);
    const w = s.supply.take();
    w.listen(() => {});
    w.post(init); // the lease is bound, but the worker has not started yet
    await tick();
    expect(l.got).toEqual([]);
    l.say(ready);
    await tick();
    w.post([{ t: 'wake' }] as unknown as KernelToProc[]);
    await until(() => l.got.length >= 2);
    expect(l.got.map((b) => b[0]!.t)).toEqual(['init', 'wake']);
  });

  it('a worker that never says ready is dead after the boot time, and the page is told to end it', async () => {
    const s = setup();
    const l = lease(3);
    s.supply.add([l.lease]);
    const w = s.supply.take();
    const deaths: string[] = [];
    w.onDeath((t) => deaths.push(t));
    s.fireTimers();
    expect(deaths).toHaveLength(1);
    expect(deaths[0]).toMatch(/^SystemError: this process's worker did not start within 20 s/);
    expect(s.sent).toContainEqual({ t: 'endWorker', id: 3 });
  });

  it('a worker that said ready is never timed out', async () => {
    const s = setup();
    const l = lease(3);
    s.supply.add([l.lease]);
    const w = s.supply.take();
    w.listen(() => {});
    l.say(ready);
    await until(() => s.timers.size === 0);
    expect(s.timers.size).toBe(0);
  });

  it('a failure the page saw reaches the worker that holds the lease', () => {
    const s = setup();
    s.supply.add([lease(4).lease]);
    const w = s.supply.take();
    const deaths: string[] = [];
    w.onDeath((t) => deaths.push(t));
    s.supply.died(4, 'boom');
    expect(deaths).toEqual(['boom']);
    s.supply.died(4, 'again');
    expect(deaths).toEqual(['boom']);
  });

  it('gives back clean workers and leases never taken; ends the others', () => {
    const s = setup();
    s.supply.add([lease(1).lease, lease(2).lease, lease(3).lease]);
    const a = s.supply.take();
    const b = s.supply.take();
    a.release!();
    b.terminate();
    b.release!(); // already over: nothing more
    s.supply.giveBackFree();
    expect(s.sent).toEqual([
      { t: 'giveBack', ids: [1] },
      { t: 'endWorker', id: 2 },
      { t: 'giveBack', ids: [3] },
    ]);
    expect(s.supply.available).toBe(0);
  });
});
