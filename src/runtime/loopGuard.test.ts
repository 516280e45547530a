// Stop's brake on a real thread: once the stop cell is set, a busy loop whose condition calls the guard stops
// moving (the thread parks), while without the cell set it runs on. No timing in the verdict: the test waits for
// the counter to settle and fails only if it never does.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';

/** A worker that counts in a guarded busy loop: `progress[0]` is its count. */
async function busyWorker(stop: Int32Array, progress: Int32Array): Promise<Worker> {
  const guard = fileURLToPath(new URL('./loopGuard.ts', import.meta.url));
  const entry = [
    `import { setStopCell, loopGuard } from ${JSON.stringify(guard)};`,
    `import { workerData } from 'node:worker_threads';`,
    'setStopCell(workerData.stop);',
    'let n = 0;',
    'while (loopGuard() && true) Atomics.store(workerData.progress, 0, ++n);',
  ].join('\n');
  const out = await build({
    stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
  });
  return new Worker(out.outputFiles[0]!.text, { eval: true, workerData: { stop, progress } });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `progress[0]` has passed `n`. */
async function passes(progress: Int32Array, n: number): Promise<void> {
  while (Atomics.load(progress, 0) <= n) await sleep(5);
}

/** Whether the count stops changing over `quiet` ms, tried for up to `tries` windows. */
async function settles(progress: Int32Array, tries: number, quiet = 20): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    const before = Atomics.load(progress, 0);
    await sleep(quiet);
    if (Atomics.load(progress, 0) === before) return true;
  }
  return false;
}

let worker: Worker | null = null;
afterEach(async () => {
  await worker?.terminate();
  worker = null;
});

describe('the loop guard', () => {
  it('parks a busy loop once its stop cell is set, and not before', async () => {
    const stop = new Int32Array(new SharedArrayBuffer(4));
    const progress = new Int32Array(new SharedArrayBuffer(4));
    worker = await busyWorker(stop, progress);
    await passes(progress, 1000);
    await passes(progress, Atomics.load(progress, 0) + 1000); // not parked before the cell is set
    Atomics.store(stop, 0, 1);
    expect(await settles(progress, 200)).toBe(true);
    const parked = Atomics.load(progress, 0);
    await sleep(50);
    expect(Atomics.load(progress, 0)).toBe(parked);
  });
});
