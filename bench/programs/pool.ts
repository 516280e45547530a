// Shapes A2a–A2c of ../shared/bench/bench_mp.py in mpplay: Pool(5) created, map over 200 trivial items,
// closed and joined (ms, all of it); Pool(2).map over 100,000 trivial items with the default chunksize and
// with chunksize 1 (tasks/s, on a warm pool). Prints one `BENCH {json}` line per shape for bench/run.mjs.
import { Pool } from 'multiprocessing';
import * as time from 'time';

const RUNS = 3;
const WARMUP = 1;

function task(i: number) {
  return i + 1;
}

async function pool5(): Promise<number> {
  const t0 = time.perfCounter();
  const p = new Pool(5);
  await p.map(task, range(200));
  p.close();
  await p.join();
  return (time.perfCounter() - t0) * 1000;
}

async function map100k(pool: Pool, chunksize: number | null, n: number): Promise<number> {
  const items = range(n);
  const t0 = time.perfCounter();
  const out = await pool.map(task, items, chunksize);
  const dt = time.perfCounter() - t0;
  if (out.length !== n || out[n - 1] !== n) throw new Error('wrong results');
  return n / dt;
}

async function measure(f: () => Promise<number>): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const v = await f();
    if (i >= WARMUP) runs.push(v);
  }
  return runs;
}

if (__name__ === '__main__') {
  print('BENCH ' + JSON.stringify({ shape: 'pool5', unit: 'ms', n: 200, runs: await measure(pool5) }));
  const pool = new Pool(2);
  print(
    'BENCH ' +
      JSON.stringify({
        shape: 'poolmap',
        unit: 'tasks/s',
        n: 100000,
        runs: await measure(() => map100k(pool, null, 100000)),
      }),
  );
  // chunksize 1 sends every task on its own; 20,000 tasks keep the run short (CPython's shape uses 100,000).
  print(
    'BENCH ' +
      JSON.stringify({
        shape: 'poolmap1',
        unit: 'tasks/s',
        n: 20000,
        runs: await measure(() => map100k(pool, 1, 20000)),
      }),
  );
  pool.terminate();
}
