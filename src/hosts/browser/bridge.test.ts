// The page's bridge with fake workers: where kernel workers nest their process workers (WebKit), the page lends
// none, hands each kernel worker the process script and a stop cell at boot, and brakes before it ends one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KernelBridge } from './bridge';
import type { RunListener } from './bridgeTypes';
import type { PageToKernel } from './protocol';
import type { WorkerFactory } from './workerScripts';

class FakeKernel {
  posted: PageToKernel[] = [];
  /** The stop cell's value when the page ended this worker (null: no cell, or not ended). */
  cellAtEnd: number | null = null;
  terminated = false;
  private readonly heard: ((e: { data: unknown }) => void)[] = [];
  postMessage(msg: PageToKernel): void {
    this.posted.push(msg);
  }
  addEventListener(type: string, fn: (e: { data: unknown }) => void): void {
    if (type === 'message') this.heard.push(fn);
  }
  /** A message from this kernel worker to the page. */
  say(data: unknown): void {
    for (const fn of this.heard) fn({ data });
  }
  terminate(): void {
    this.terminated = true;
    const nest = this.posted.find((m) => m.t === 'nest');
    if (nest?.stop) this.cellAtEnd = Atomics.load(nest.stop, 0);
  }
}

function setup(nest: boolean, preboot = false) {
  const kernels: FakeKernel[] = [];
  let processes = 0;
  const factory: WorkerFactory = {
    ready: () => Promise.resolve(),
    kernel: () => {
      const k = new FakeKernel();
      kernels.push(k);
      return k as unknown as Worker;
    },
    process: () => {
      processes++;
      return { postMessage() {}, addEventListener() {}, terminate() {} } as unknown as Worker;
    },
    processScript: () => 'blob:http://127.0.0.1/process',
  };
  const bridge = new KernelBridge({ workers: factory, nest, preboot });
  return { bridge, kernels, processes: () => processes };
}

const listener: RunListener = {
  onEvents: () => {},
  onEnd: () => {},
  onCompileError: () => {},
  onFatal: () => {},
};
/** MainProcess and the three it starts at once. */
const source =
  'import { Process } from "multiprocessing";\nfor (const i of range(3)) {\n  new Process({ target: print }).start();\n}\n';

/** Starts a run of `source` and waits until the bridge has handed it to its kernel worker (the factory is ready). */
async function runOn(bridge: KernelBridge): Promise<void> {
  bridge.run({ source, speed: 1, seed: 1 }, listener);
  await Promise.resolve();
  await Promise.resolve();
}

const g = globalThis as { crossOriginIsolated?: boolean };
let wasIsolated: boolean | undefined;
beforeEach(() => {
  wasIsolated = g.crossOriginIsolated;
  g.crossOriginIsolated = true;
});
afterEach(() => {
  g.crossOriginIsolated = wasIsolated;
});

describe('KernelBridge with nested process workers', () => {
  it('tells each kernel worker to create its own, lends none, and brakes them all before ending it', async () => {
    const s = setup(true);
    expect(s.bridge.nested).toBe(true);
    await runOn(s.bridge);
    const k = s.kernels[0]!;
    expect(k.posted.map((m) => m.t)).toEqual(['nest', 'fill', 'run']);
    const nest = k.posted[0] as Extract<PageToKernel, { t: 'nest' }>;
    expect(nest.script).toBe('blob:http://127.0.0.1/process');
    expect(nest.stop).toBeInstanceOf(Int32Array);
    expect(nest.stop!.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(k.posted[1]).toEqual({ t: 'fill', n: 4 }); // booted while it compiles: MainProcess and its three
    expect(s.processes()).toBe(0);
    s.bridge.stop();
    expect(k.terminated).toBe(true);
    expect(k.cellAtEnd).toBe(1); // set before the end: a busy loop in any nested worker parks at once
  });

  it('where the page has no shared memory, nests without a stop cell', async () => {
    g.crossOriginIsolated = false;
    const s = setup(true);
    await runOn(s.bridge);
    expect(s.kernels[0]!.posted[0]).toMatchObject({ t: 'nest', stop: null });
  });

  it('otherwise lends the kernel worker the page’s own process workers, and says nothing of nesting', async () => {
    const s = setup(false);
    expect(s.bridge.nested).toBe(false);
    await runOn(s.bridge);
    const k = s.kernels[0]!;
    expect(k.posted.map((m) => m.t)).toEqual(['workers', 'run']);
    expect(s.processes()).toBe(4);
    s.bridge.dispose();
  });
});

describe('KernelBridge booting ahead', () => {
  // The page's own events (bootOnInteraction listens on the global scope, as on a page).
  const scope = globalThis as { addEventListener?: unknown; removeEventListener?: unknown; dispatchEvent?: unknown };
  const saved = { add: scope.addEventListener, remove: scope.removeEventListener, dispatch: scope.dispatchEvent };
  beforeEach(() => {
    const target = new EventTarget();
    scope.addEventListener = target.addEventListener.bind(target);
    scope.removeEventListener = target.removeEventListener.bind(target);
    scope.dispatchEvent = target.dispatchEvent.bind(target);
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    scope.addEventListener = saved.add;
    scope.removeEventListener = saved.remove;
    scope.dispatchEvent = saved.dispatch;
  });
  /** Long enough for the page to be idle (no requestIdleCallback here: 50 ms) and the factory to answer. */
  const idle = () => vi.advanceTimersByTimeAsync(200);
  const result = { exitCode: 0, wallMs: 1 };

  async function stoppedRun() {
    const s = setup(false, true);
    s.bridge.prepare(source);
    await idle();
    expect(s.kernels.length, 'the next run’s kernel booted ahead').toBe(1);
    expect(s.processes(), 'the program’s four processes booted ahead').toBe(4);
    await runOn(s.bridge);
    s.bridge.stop();
    await idle();
    return s;
  }

  it('after a run ends by itself, boots the next run’s kernel and workers once the page is idle', async () => {
    const s = setup(false, true);
    s.bridge.prepare(source);
    await idle();
    await runOn(s.bridge);
    s.kernels[0]!.say({ t: 'end', result });
    expect(s.kernels[0]!.terminated).toBe(true);
    await idle();
    expect(s.kernels.length).toBe(2);
    expect(s.processes()).toBe(8); // the four lent to the run ended with it; four more for the next
    s.bridge.dispose();
  });

  it('after Stop, boots nothing until the learner reaches for the page again', async () => {
    const s = await stoppedRun();
    expect(s.kernels[0]!.terminated).toBe(true);
    expect(s.kernels.length, 'no kernel booted after Stop').toBe(1);
    expect(s.processes(), 'no process worker booted after Stop').toBe(4);
    dispatchEvent(new Event('pointermove'));
    await idle();
    expect(s.kernels.length).toBe(2);
    expect(s.processes()).toBe(8);
    s.bridge.dispose();
  });

  it('after Stop, a Run boots its kernel and workers at once', async () => {
    const s = await stoppedRun();
    await runOn(s.bridge);
    expect(s.kernels.length).toBe(2);
    expect(s.kernels[1]!.posted.map((m) => m.t)).toEqual(['workers', 'run']);
    expect(s.processes()).toBe(8);
    s.bridge.dispose();
  });

  it('once disposed, boots nothing again, whatever the page does', async () => {
    const s = setup(false, true);
    await idle();
    const [kernels, processes] = [s.kernels.length, s.processes()];
    s.bridge.dispose();
    dispatchEvent(new Event('keydown'));
    s.bridge.prepare(source);
    await idle();
    expect([s.kernels.length, s.processes()]).toEqual([kernels, processes]);
  });
});
