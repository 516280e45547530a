// Shape A3a of ../shared/bench/bench_mp.py in mpplay: a Queue from one producer process to one consumer
// process, 100,000 small ints; items/s from the producer's start to the consumer's done. Like bench_mp.py,
// the consumer starts first, the producer 0.3 s later, and both are fresh processes in every run.
// Prints one line, `BENCH {json}`, that bench/run.mjs parses. bench/run.mjs rewrites the RUNS line.
import { Process, Queue } from 'multiprocessing';
import * as time from 'time';

const RUNS = 3;
const WARMUP = 1;
const N = 100_000;

type Report = ['t0', number] | ['t1', number, number];

async function producer(q: Queue<number | null>, n: number, out: Queue<Report>) {
  const t0 = time.perfCounter();
  for (let i = 0; i < n; i++) await q.put(i);
  await q.put(null);
  await out.put(['t0', t0]);
}

async function consumer(q: Queue<number | null>, out: Queue<Report>) {
  let c = 0;
  while ((await q.get()) !== null) c++;
  await out.put(['t1', time.perfCounter(), c]);
}

async function once(): Promise<number> {
  const q = new Queue<number | null>();
  const out = new Queue<Report>();
  const c = new Process({ target: consumer, args: [q, out] });
  const p = new Process({ target: producer, args: [q, N, out] });
  c.start();
  await time.sleep(0.3); // consumer ready
  p.start();
  let t0 = NaN;
  let t1 = NaN;
  let count = -1;
  for (let k = 0; k < 2; k++) {
    const m = await out.get();
    if (m[0] === 't0') t0 = m[1];
    else [, t1, count] = m;
  }
  await p.join();
  await c.join();
  if (count !== N) throw new Error(`consumer got ${count} items, not ${N}`);
  return N / (t1 - t0);
}

if (__name__ === '__main__') {
  const runs: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const v = await once();
    if (i >= WARMUP) runs.push(v);
  }
  print('BENCH ' + JSON.stringify({ shape: 'queue', unit: 'items/s', n: N, runs }));
}
