// Stop's brake on a real thread: once the stop cell is set, a busy loop whose condition calls the guard stops
// moving (the thread parks), while without the cell set it runs on. No timing in the verdict: the test waits for
// the counter to settle and fails only if it never does.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { Endpoint, KernelToProc, ProcToKernel } from '../protocol/messages';
import { PROBE_MS, SPINS_PER_CHECK, WorkerEnding, loopGuard, setEndingProbe, setStopCell } from './loopGuard';
import { ProcessRuntime } from './runtime';

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

describe('the loop guard without shared memory (an ending probe)', () => {
  afterEach(() => {
    setEndingProbe(null);
    setStopCell(null);
  });
  /** A fake clock and a probe that counts its calls and answers `alive`. */
  function probed() {
    const state = { t: 0, asked: 0, alive: true };
    setEndingProbe(
      () => {
        state.asked++;
        return state.alive;
      },
      () => state.t,
    );
    return state;
  }
  const spin = (n: number) => {
    for (let i = 0; i < n; i++) loopGuard();
  };

  it('asks the probe at most every PROBE_MS of looping, reading the clock every SPINS_PER_CHECK turns', () => {
    const s = probed();
    spin(SPINS_PER_CHECK - 1);
    expect(s.asked).toBe(0);
    spin(1);
    expect(s.asked).toBe(1);
    spin(10 * SPINS_PER_CHECK); // the clock has not moved: no more asking
    expect(s.asked).toBe(1);
    s.t += PROBE_MS;
    spin(SPINS_PER_CHECK);
    expect(s.asked).toBe(2);
  });

  it('throws once the probe says the worker is being ended, and again at the next check if the loop catches it', () => {
    const s = probed();
    spin(SPINS_PER_CHECK);
    s.alive = false;
    s.t += PROBE_MS;
    expect(() => spin(SPINS_PER_CHECK)).toThrow(WorkerEnding);
    expect(() => spin(SPINS_PER_CHECK)).toThrow(WorkerEnding); // no PROBE_MS wait once it said so
  });

  it('leaves it to the stop cell where there is one (the probe is not asked)', () => {
    const s = probed();
    setStopCell(new Int32Array(new SharedArrayBuffer(4)));
    s.alive = false;
    spin(4 * SPINS_PER_CHECK);
    expect(s.asked).toBe(0);
  });
});

describe('a process whose loop the probe ended', () => {
  it('says one short line and exits, without working out a traceback (its CPU is what Stop frees)', () => {
    const posted: ProcToKernel[] = [];
    const endpoint: Endpoint<KernelToProc, ProcToKernel> = { post: (b) => posted.push(...b), listen: () => () => {} };
    const rt = new ProcessRuntime(endpoint, { installGlobals: false, load: async () => {} });
    rt.uncaught(new WorkerEnding(), true);
    expect(posted).toEqual([
      { t: 'out', stream: 'stderr', text: 'mpplay: this process was stopped\n' },
      { t: 'exit', code: 1, reason: 'exception', reusable: false },
    ]);
  });
});
