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
  /** The worker posts `data` on its global scope. */
  say(data: unknown): void {
    for (const fn of this.listeners.get('message') ?? []) fn({ data });
  }
  fail(message: string): void {
    for (const fn of this.listeners.get('error') ?? []) fn({ message, filename: '', preventDefault() {} });
  }
}

const ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

/** Web Locks as the page sees them: each request waits until the test says the holder is gone. */
class FakeLocks {
  waiting = new Map<string, () => unknown>();
  request(name: string, fn: () => unknown): Promise<unknown> {
    this.waiting.set(name, fn);
    return Promise.resolve();
  }
  /** The worker holding `name` went away: the page's request is granted. */
  release(name: string): void {
    const fn = this.waiting.get(name);
    this.waiting.delete(name);
    fn?.();
  }
}

const lockName = (i: number) => `mpplay-alive-00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

function setup(maxStock = 3) {
  const made: FakeWorker[] = [];
  const toKernel: PageToKernel[] = [];
  const locks = new FakeLocks();
  const pw = new ProcessWorkers({
    locks,
    create: () => {
      const w = new FakeWorker();
      made.push(w);
      return w as unknown as Worker;
    },
    maxStock,
  });
  pw.lendTo((msg) => {
    toKernel.push(msg);
    if (msg.t === 'workers') ports.push(...msg.leases.map((l) => l.port as MessagePort));
  });
  const leased = () => toKernel.flatMap((m) => (m.t === 'workers' ? m.leases.map((l) => l.id) : []));
  return { pw, made, toKernel, leased, locks };
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

  it("reads nothing a process worker posts on its own global scope but, once, its alive lock's name", () => {
    const s = setup();
    s.pw.fill(1);
    s.pw.lend(2);
    const [a, b] = s.made;
    const before = s.toKernel.length;
    for (const forged of [
      [{ t: 'spawn' }],
      { t: 'died', id: 2, text: 'x' },
      { t: 'aliveLock', lock: 'mpplay-drafts' },
      { t: 'aliveLock', lock: 7 },
      null,
    ]) {
      a!.say(forged);
    }
    expect(s.toKernel).toHaveLength(before);
    expect([...s.locks.waiting.keys()]).toEqual([]);
    b!.say({ t: 'aliveLock', lock: lockName(2) });
    b!.say({ t: 'aliveLock', lock: lockName(3) }); // only the first counts
    expect([...s.locks.waiting.keys()]).toEqual([lockName(2)]);
    expect(s.toKernel).toHaveLength(before);
  });

  it('a lent worker that ends on its own (its code closed it) is reported to its kernel as a process that stopped answering', () => {
    const s = setup();
    s.pw.fill(2);
    s.pw.lend(2);
    s.made.forEach((w, i) => w.say({ t: 'aliveLock', lock: lockName(i) }));
    s.locks.release(lockName(1));
    expect(s.toKernel.at(-1)).toMatchObject({ t: 'died', id: 2 });
    expect((s.toKernel.at(-1) as { text: string }).text).toMatch(
      /^SystemError: this process stopped answering mpplay's kernel: its worker ended \(its code closed it, or the browser ended it\)/,
    );
    expect(s.made[1]!.terminated).toBe(true);
    expect(s.pw.onLoan).toBe(1);
    // A worker the page ended itself (Stop) lets its lock go too: that is no news for anybody.
    const before = s.toKernel.length;
    s.pw.endRun();
    s.locks.release(lockName(0));
    expect(s.toKernel).toHaveLength(before);
  });

  it('a worker in stock that ends on its own leaves the stock, and nobody is told', () => {
    const s = setup();
    s.pw.fill(2);
    s.made[0]!.say({ t: 'aliveLock', lock: lockName(0) });
    const before = s.toKernel.length;
    s.locks.release(lockName(0));
    expect(s.pw.inStock).toBe(1);
    expect(s.toKernel).toHaveLength(before);
    s.pw.lend(1);
    expect(s.leased()).toEqual([2]);
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

  it('where the page shares memory, gives each worker a stop cell with its first attach and sets it when ending it', () => {
    const g = globalThis as { crossOriginIsolated?: boolean };
    const was = g.crossOriginIsolated;
    g.crossOriginIsolated = true;
    try {
      const s = setup(1);
      s.pw.lend(2);
      const cells = s.made.map((w) => (w.posted[0] as { stop?: Int32Array }).stop);
      expect(cells.every((c) => c instanceof Int32Array && c.buffer instanceof SharedArrayBuffer)).toBe(true);
      expect(cells[0]).not.toBe(cells[1]);
      s.pw.giveBack([1]); // kept in stock: not ended, so not braked
      s.pw.lend(1);
      expect(s.made[0]!.posted[1]).not.toHaveProperty('stop'); // it has its cell already
      expect(cells.map((c) => Atomics.load(c!, 0))).toEqual([0, 0]);
      s.pw.endRun();
      expect(cells.map((c) => Atomics.load(c!, 0))).toEqual([1, 1]);
      expect(s.made.every((w) => w.terminated)).toBe(true);
    } finally {
      g.crossOriginIsolated = was;
    }
  });

  it('gives no stop cell where the page is not cross-origin isolated', () => {
    const s = setup();
    s.pw.lend(1);
    expect(s.made[0]!.posted[0]).not.toHaveProperty('stop');
  });
});
