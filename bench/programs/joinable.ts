// Shape A3c of ../shared/bench/bench_mp.py in mpplay: a JoinableQueue from one producer process to one
// consumer process, 100,000 small ints, `taskDone()` per item; the producer times its puts plus `q.join()`.
// Like bench_mp.py, the consumer starts first and the producer 0.3 s later, fresh processes in every run.
// Prints one line, `BENCH {json}`, that bench/run.mjs parses. bench/run.mjs rewrites the RUNS line.
import { JoinableQueue, Process, Queue } from 'multiprocessing';
import * as time from 'time';

const RUNS = 3;
const WARMUP = 1;
const N = 100_000;

async function producer(q: JoinableQueue<number>, n: number, out: Queue<number>) {
  const t0 = time.perfCounter();
  for (let i = 0; i < n; i++) await q.put(i);
  await q.join();
  await out.put(time.perfCounter() - t0);
}

async function consumer(q: JoinableQueue<number>, n: number) {
  for (let i = 0; i < n; i++) {
    await q.get();
    q.taskDone();
  }
}

async function once(): Promise<number> {
  const q = new JoinableQueue<number>();
  const out = new Queue<number>();
  const c = new Process({ target: consumer, args: [q, N] });
  c.start();
  await time.sleep(0.3); // consumer ready
  const p = new Process({ target: producer, args: [q, N, out] });
  p.start();
  const dt = await out.get();
  await p.join();
  await c.join();
  return N / dt;
}

if (__name__ === '__main__') {
  const runs: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const v = await once();
    if (i >= WARMUP) runs.push(v);
  }
  print('BENCH ' + JSON.stringify({ shape: 'joinable', unit: 'items/s', n: N, runs }));
}
