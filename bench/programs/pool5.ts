// Shape A2a of ../shared/bench/bench_mp.py in mpplay: Pool(5) created, map over 200 trivial items, closed and
// joined; ms for all of it. Prints one line, `BENCH {json}`, that bench/run.mjs parses (it rewrites RUNS).
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

async function once(): Promise<number> {
  const t0 = time.perfCounter();
  const p = new Pool(5);
  await p.map(task, range(200));
  p.close();
  await p.join();
  return (time.perfCounter() - t0) * 1000;
}

if (__name__ === '__main__') {
  print('BENCH ' + JSON.stringify({ shape: 'pool5', unit: 'ms', n: 200, runs: await measure(once) }));
}
