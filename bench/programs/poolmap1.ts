// Shape A2c of ../shared/bench/bench_mp.py in mpplay: Pool(2).map with chunksize 1 (every task sent on its own), on
// a warm pool; tasks/s over 20,000 tasks, as bench_mp.py's A2c. Prints one line, `BENCH {json}`, that bench/run.mjs parses (it rewrites RUNS).
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
  const items = range(20000);
  const runs = await measure(async () => {
    const t0 = time.perfCounter();
    const out = await pool.map(task, items, 1);
    const dt = time.perfCounter() - t0;
    if (out.length !== 20000 || out[20000 - 1] !== 20000) throw new Error('wrong results');
    return 20000 / dt;
  });
  pool.terminate();
  print('BENCH ' + JSON.stringify({ shape: 'poolmap1', unit: 'tasks/s', n: 20000, runs }));
}
