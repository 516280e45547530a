// The page's process workers with fake Workers: stock, lending over fresh channels, give-back, Stop, failures.
import { afterEach, describe, expect, it } from 'vitest';
import { ProcessWorkers } from './processWorkers';
import type { PageToKernel } from './protocol';

/** Just enough of a Worker: records what the page posts, which listeners it adds, and whether it was ended. */
class FakeWorker {
  posted: unknown[] = [];
  listeners = new Map<string, ((e: unknown) => void)[]>();
  terminated = false;
  postMessage(msg: unknown): void {
    this.posted.push(msg);
  }
  addEventListener(type: string, fn: (e: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  terminate(): void {
    this.terminated = true;
  }
  fail(message: string): void {
    for (const fn of this.listeners.get('error') ?? []) fn({ message, filename: '', preventDefault() {} });
  }
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

function setup(maxStock = 3) {
  const made: FakeWorker[] = [];
  const toKernel: PageToKernel[] = [];
  const pw = new ProcessWorkers({
    create: () => {
      const w = new FakeWorker();
      made.push(w);
      return w as unknown as Worker;
    },
    maxStock,
  });
  pw.lendTo((msg) => {
    toKernel.push(msg);
    if (msg.t === 'workers') ports.push(...msg.leases.map((l) => l.port));
  });
  const leased = () => toKernel.flatMap((m) => (m.t === 'workers' ? m.leases.map((l) => l.id) : []));
  return { pw, made, toKernel, leased };
}

describe('ProcessWorkers', () => {
  it('lends the stock first, then new workers, each attached to a channel of its own', () => {
    const s = setup();
    s.pw.fill(2);
    expect(s.made).toHaveLength(2);
    s.pw.lend(3);
    expect(s.made).toHaveLength(3);
    expect(s.leased()).toEqual([1, 2, 3]);
    for (const w of s.made) {
      expect(w.posted).toHaveLength(1);
      expect(w.posted[0]).toMatchObject({ t: 'attach' });
    }
    const [a, b] = s.made.map((w) => (w.posted[0] as { port: MessagePort }).port);
    expect(a).not.toBe(b);
    ports.push(a!, b!);
  });

  it('never listens to what a process worker posts on its own global scope', () => {
    const s = setup();
    s.pw.fill(1);
    s.pw.lend(2);
    for (const w of s.made) expect(w.listeners.get('message') ?? []).toEqual([]);
  });

  it('keeps given-back workers for the next run up to the stock limit, and ends the rest', () => {
    const s = setup(1);
    s.pw.lend(3);
    s.pw.giveBack([1, 2]);
    expect(s.pw.inStock).toBe(1);
    expect(s.made.map((w) => w.terminated)).toEqual([false, true, false]);
    s.pw.end(3);
    expect(s.made[2]!.terminated).toBe(true);
  });

  it('Stop ends every worker still lent, whatever it does, and keeps the stock', () => {
    const s = setup();
    s.pw.fill(3);
    s.pw.lend(2);
    s.pw.endRun();
    expect(s.made.map((w) => w.terminated)).toEqual([true, true, false]);
    expect(s.pw.inStock).toBe(1);
    expect(s.pw.onLoan).toBe(0);
    // Nothing goes to a kernel that is gone.
    const before = s.toKernel.length;
    s.pw.lend(1);
    expect(s.toKernel).toHaveLength(before);
  });

  it('tells the kernel which lent worker failed, and drops a failed worker from the stock', () => {
    const s = setup();
    s.pw.fill(2);
    s.pw.lend(1);
    s.made[0]!.fail('SyntaxError: nope');
    expect(s.toKernel.at(-1)).toEqual({
      t: 'died',
      id: 1,
      text: 'mpplay: a process worker failed: SyntaxError: nope',
    });
    expect(s.made[0]!.terminated).toBe(true);
    s.made[1]!.fail('');
    expect(s.pw.inStock).toBe(0);
    expect(s.toKernel.at(-1)).toMatchObject({ t: 'died', id: 1 }); // nothing about a worker in stock
  });
});
