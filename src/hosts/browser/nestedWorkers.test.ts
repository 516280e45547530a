// A kernel worker that nests its process workers (WebKit): each lease is a link over the worker's own channel
// (linkPort.ts), the process side a ProcessLink (processLink.ts), the requests served without the page.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KernelToProc, ProcToKernel } from '../../protocol/messages';
import type { RawWorker } from '../workerPool';
import { LeaseSupply } from './leases';
import { NestedWorkers } from './nestedWorkers';
import { ProcessLink, type ScopeEvent } from './processLink';
import type { KernelToPage } from './protocol';

/**
 * A nested process worker: what the kernel worker posts reaches a ProcessLink (as processWorker.ts has), on a later
 * task; what the link posts on its scope reaches the kernel worker's listeners. `drop` loses the next message in
 * the given direction as an unreadable one (a `messageerror`), as Firefox does with some.
 */
class FakeNested {
  static made: FakeNested[] = [];
  readonly listeners = new Map<string, ((e: ScopeEvent) => void)[]>();
  terminated = false;
  /** What the process got from its kernel, batch by batch. */
  readonly got: KernelToProc[][] = [];
  stopCells: Int32Array[] = [];
  readonly link: ProcessLink;
  drop = { toProcess: 0, toKernel: 0 };

  constructor(readonly url: string) {
    FakeNested.made.push(this);
    this.link = new ProcessLink({
      postOnScope: (msg) => this.later(() => this.toKernel(msg)),
      isPort: (x): x is MessagePort => x instanceof MessagePort,
      isStopCell: (x): x is Int32Array => x instanceof Int32Array && x.buffer instanceof SharedArrayBuffer,
      setStopCell: (c) => this.stopCells.push(c),
      deliver: (b) => this.got.push(b),
    });
  }
  postMessage(data: unknown): void {
    this.later(() => {
      if (this.terminated) return;
      if (this.drop.toProcess > 0 && this.drop.toProcess--) this.link.onMessageError({ data: null, isTrusted: true });
      else this.link.onMessage({ data, isTrusted: true });
    });
  }
  addEventListener(type: string, fn: (e: ScopeEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** The process answers its kernel on the current link. */
  say(batch: ProcToKernel[]): void {
    this.link.post(batch, []);
  }
  /** The kernel worker hears `data` on this worker (from its scope). */
  toKernel(data: unknown): void {
    if (this.terminated) return;
    if (this.drop.toKernel > 0 && this.drop.toKernel--) {
      for (const fn of this.listeners.get('messageerror') ?? []) fn({ data: null, isTrusted: true });
      return;
    }
    for (const fn of this.listeners.get('message') ?? []) fn({ data, isTrusted: true });
  }
  private later(fn: () => void): void {
    setTimeout(fn, 0);
  }
}

const realWorker = globalThis.Worker;
beforeEach(() => {
  FakeNested.made = [];
  (globalThis as { Worker?: unknown }).Worker = FakeNested;
});
afterEach(() => {
  (globalThis as { Worker?: unknown }).Worker = realWorker;
});

const tick = () => new Promise((r) => setTimeout(r, 5));
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !cond(); i++) await tick();
}
const init = (n: number) => [{ t: 'init', n }] as unknown as KernelToProc[];

/** A kernel worker's supply with nesting on: what it would send to the page is recorded (it should be nothing). */
function setup(stop: Int32Array | null = null, ahead = 0) {
  const toPage: KernelToPage[] = [];
  // eslint-disable-next-line prefer-const -- the supply needs the nested workers, which need the supply
  let supply: LeaseSupply;
  const nested = new NestedWorkers(() => supply);
  supply = new LeaseSupply({
    post: (m) => {
      if (!nested.serve(m)) toPage.push(m);
    },
    bootTimeoutMs: 20_000,
  });
  const wrong = nested.start({ t: 'nest', script: 'blob:http://127.0.0.1/process', ahead, stop });
  expect(wrong).toBeNull();
  /** A worker for a process, as the pool takes it, with what the process says collected. */
  const take = () => {
    const w: RawWorker = supply.take();
    const heard: ProcToKernel[][] = [];
    w.listen((b) => heard.push(b));
    return { w, heard };
  };
  return { supply, nested, toPage, take };
}

describe('NestedWorkers', () => {
  it('boots its stock at nest, lends each worker over its own scope, and never asks the page', async () => {
    const s = setup(null, 2);
    expect(FakeNested.made.map((w) => w.url)).toEqual([
      'blob:http://127.0.0.1/process',
      'blob:http://127.0.0.1/process',
    ]);
    const a = s.take();
    const b = s.take();
    const c = s.take(); // beyond the stock: a new one
    a.w.post(init(1));
    b.w.post(init(2));
    c.w.post(init(3));
    await until(() => FakeNested.made.every((w) => w.got.length === 1));
    expect(FakeNested.made).toHaveLength(3);
    expect(FakeNested.made.map((w) => w.got)).toEqual([[init(1)], [init(2)], [init(3)]]);
    FakeNested.made[1]!.say([{ t: 'ready' }, { t: 'x' } as unknown as ProcToKernel]);
    await until(() => b.heard.length === 2);
    expect(b.heard.at(-1)).toEqual([{ t: 'ready' }, { t: 'x' }]);
    expect(a.heard).toHaveLength(1); // only its own `ready`
    expect(s.toPage).toEqual([]);
  });

  it("a worker's next lease is a new link: a late message of the last one is read by neither end", async () => {
    const s = setup(null, 1);
    const first = s.take();
    first.w.post(init(1));
    const fake = FakeNested.made[0]!;
    await until(() => fake.got.length === 1);
    first.w.release?.(); // clean and idle: back to the kernel worker's stock
    const second = s.take();
    expect(FakeNested.made).toHaveLength(1); // the same worker again
    second.w.post(init(2));
    await until(() => fake.got.length === 2);
    // Late messages of link 1, numbered as a fresh link's would be: each end drops them.
    fake.toKernel({ l: 1, m: { s: 2, a: 1, b: [{ t: 'stale' }] } });
    fake.postMessage({ l: 1, m: { s: 2, a: 1, b: [{ t: 'stale' }] } });
    fake.say([{ t: 'fresh' } as unknown as ProcToKernel]);
    await until(() => second.heard.length === 2);
    await tick();
    expect(second.heard).toEqual([[{ t: 'ready' }], [{ t: 'fresh' }]]);
    expect(fake.got).toEqual([init(1), init(2)]);
  });

  it('a message that arrives unreadable either way is sent again, and the order holds', async () => {
    const s = setup(null, 1);
    const p = s.take();
    const fake = FakeNested.made[0]!;
    fake.drop.toKernel = 1; // the process's `ready`
    p.w.post(init(1));
    await until(() => fake.got.length === 1);
    expect(p.heard).toEqual([[{ t: 'ready' }]]);
    fake.drop.toProcess = 1;
    p.w.post(init(2));
    p.w.post(init(3));
    await until(() => fake.got.length === 3);
    expect(fake.got).toEqual([init(1), init(2), init(3)]);
  });

  it("gives every worker the kernel worker's stop cell once, and ending one worker does not set it", async () => {
    const cell = new Int32Array(new SharedArrayBuffer(4));
    const s = setup(cell, 1);
    const a = s.take();
    a.w.post(init(1));
    const fake = FakeNested.made[0]!;
    await until(() => fake.got.length === 1);
    a.w.release?.();
    const b = s.take();
    b.w.post(init(2));
    await until(() => fake.got.length === 2);
    expect(fake.stopCells).toEqual([cell]); // with the first attach only
    b.w.terminate(); // its process is over and the worker is not reused
    expect(fake.terminated).toBe(true);
    expect(Atomics.load(cell, 0)).toBe(0); // the page's to set, for all of them at once
  });

  it('a worker that fails is told to the pool as a dead process, not to the page', async () => {
    const s = setup(null, 1);
    const p = s.take();
    const deaths: string[] = [];
    p.w.onDeath((t) => deaths.push(t));
    await tick(); // lent (the supply asks in a microtask)
    const fake = FakeNested.made[0]!;
    for (const fn of fake.listeners.get('error') ?? [])
      fn({ message: 'boom', filename: '', preventDefault() {} } as unknown as ScopeEvent);
    expect(deaths).toEqual(['mpplay: a process worker failed: boom']);
    expect(s.toPage).toEqual([]);
  });

  it('refuses a nest without a Blob URL, or a second one', () => {
    const nested = new NestedWorkers(() => {
      throw new Error('not used');
    });
    expect(nested.start({ t: 'nest', script: 'https://elsewhere.example/p.js', ahead: 1, stop: null })).toMatch(
      /no Blob URL/,
    );
    expect(nested.active).toBe(false);
    expect(nested.start({ t: 'nest', script: 'blob:x', ahead: 0, stop: null })).toBeNull();
    expect(nested.start({ t: 'nest', script: 'blob:x', ahead: 0, stop: null })).toMatch(/twice/);
  });
});

describe('ProcessLink', () => {
  it('reads only trusted events: an attach user code dispatched itself is ignored', async () => {
    const posted: unknown[] = [];
    const link = new ProcessLink({
      postOnScope: (m) => posted.push(m),
      isPort: (_x): _x is MessagePort => false,
      isStopCell: (_x): _x is Int32Array => false,
      setStopCell: () => {},
      deliver: () => {},
    });
    link.onMessage({ data: { t: 'attach', link: 7 }, isTrusted: false });
    expect(posted).toEqual([]);
    link.onMessage({ data: { t: 'attach', link: 7 }, isTrusted: true });
    expect(posted).toEqual([{ l: 7, m: { s: 1, a: 0, b: [{ t: 'ready' }] } }]);
    link.onMessage({ data: { t: 'attach', link: 'x' }, isTrusted: true }); // not a link number: ignored
    expect(posted).toHaveLength(1);
  });
});
