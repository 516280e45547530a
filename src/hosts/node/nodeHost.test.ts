// The Node host with real worker_threads: workers are recycled between processes without leaking state.
import { describe, expect, it } from 'vitest';
import { nodeBundle } from '../../../scripts/nodeBundle.mjs';
import type { TraceEvent } from '../../protocol/trace';
import { runOnNode } from './nodeHost';

async function run(source: string) {
  const { worker } = (await nodeBundle()) as { worker: URL };
  const out: string[] = [];
  const r = await runOnNode({
    source,
    workerUrl: worker,
    speed: 20,
    onEvent: (e: TraceEvent) => {
      if (e.kind === 'output') out.push(e.text);
    },
  });
  const result = await r.done;
  return { result, out: out.join(''), workers: r.workersCreated() };
}

describe('worker recycling', () => {
  it('hosts 40 short processes in far fewer workers, each with a fresh module and fresh globals', async () => {
    const r = await run(`
import { Process } from "multiprocessing";
let count = 0;
function task(i: number) {
  count += 1;
  const g = globalThis as any;
  if (g.leak !== undefined || count !== 1) print("LEAK", i, g.leak, count);
  g.leak = i;
}
if (__name__ === "__main__") {
  for (const i of range(40)) {
    const p = new Process({ target: task, args: [i] });
    p.start();
    await p.join();
  }
  print("done");
}`);
    expect(r.out).toBe('done\n');
    expect(r.result.exitCode).toBe(0);
    expect(r.workers).toBeLessThanOrEqual(8);
  });

  it('never recycles a worker whose process left a timer behind', async () => {
    const r = await run(`
import { Process } from "multiprocessing";
function task() {
  setTimeout(() => {}, 60_000);
}
if (__name__ === "__main__") {
  for (const i of range(6)) {
    const p = new Process({ target: task });
    p.start();
    await p.join();
  }
  print("done");
}`);
    expect(r.out).toBe('done\n');
    expect(r.workers).toBeGreaterThanOrEqual(7); // main + one fresh worker per child
  });

  it('never recycles a killed process', async () => {
    const r = await run(`
import { Process } from "multiprocessing";
import * as time from "time";
async function forever() { await time.sleep(1000); }
if (__name__ === "__main__") {
  for (const i of range(5)) {
    const p = new Process({ target: forever });
    p.start();
    await time.sleep(0.05);
    p.terminate();
    await p.join();
  }
  print("done");
}`);
    expect(r.out).toBe('done\n');
    expect(r.workers).toBeGreaterThanOrEqual(6);
  });
});

describe('a process whose worker ends under it (issue 14.5)', () => {
  it('is reported dead with a line that blames it, its parent goes on, and the run ends', async () => {
    // A child that ends its own thread mid-run, while the parent waits on a queue it would have filled: before,
    // the kernel took it for running and waited forever (a deadlock report at best).
    const r = await run(`
import { Process, Queue } from "multiprocessing";
async function child(q: Queue<string>) {
  (globalThis as any).process.exit(3);
  await q.put("never");
}
if (__name__ === "__main__") {
  const q = new Queue<string>();
  const p = new Process({ target: child, args: [q] });
  p.start();
  await p.join();
  print("exit", p.exitCode, await q.empty());
}`);
    expect(r.result).toMatchObject({ reason: 'exited', exitCode: 0 });
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(
      /^SystemError: this process stopped answering mpplay's kernel: its worker ended \(its thread exited with code 3\)/,
    );
    expect(lines.slice(1)).toEqual(['exit 1 true']);
  });
});
