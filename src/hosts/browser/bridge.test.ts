// The page's bridge with fake workers: where kernel workers nest their process workers (WebKit), the page lends
// none, hands each kernel worker the process script and a stop cell at boot, and brakes before it ends one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KernelBridge } from './bridge';
import type { RunListener } from './bridgeTypes';
import type { PageToKernel } from './protocol';
import type { WorkerFactory } from './workerScripts';

class FakeKernel {
  posted: PageToKernel[] = [];
  /** The stop cell's value when the page ended this worker (null: no cell, or not ended). */
  cellAtEnd: number | null = null;
  terminated = false;
  postMessage(msg: PageToKernel): void {
    this.posted.push(msg);
  }
  addEventListener(): void {}
  terminate(): void {
    this.terminated = true;
    const nest = this.posted.find((m) => m.t === 'nest');
    if (nest?.stop) this.cellAtEnd = Atomics.load(nest.stop, 0);
  }
}

function setup(nest: boolean) {
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
  const bridge = new KernelBridge({ workers: factory, nest, preboot: false });
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
