// Shape A2b of ../shared/bench/bench_mp.py in mpplay: Pool(2).map over 100,000 trivial items, default chunksize,
// on a warm pool; tasks/s. Prints one line, `BENCH {json}`, that bench/run.mjs parses (it rewrites RUNS).
import { Pool } from 'multiprocessing';
import * as time from 'time';

const RUNS = 3;
const WARMUP = 1;

function task(i: number) {
  return i + 1;
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
  const pool = new Pool(2);
  const items = range(100000);
  const runs = await measure(async () => {
    const t0 = time.perfCounter();
    const out = await pool.map(task, items, null);
    const dt = time.perfCounter() - t0;
    if (out.length !== 100000 || out[100000 - 1] !== 100000) throw new Error('wrong results');
    return 100000 / dt;
  });
  pool.terminate();
  print('BENCH ' + JSON.stringify({ shape: 'poolmap', unit: 'tasks/s', n: 100000, runs }));
}
