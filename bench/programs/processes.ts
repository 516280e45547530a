// Shape A1 of ../shared/bench/bench_mp.py in mpplay (the seed's 6.1): start 200 Process objects running a
// trivial task, then join them all; seconds from the first start to the last join.
// Prints one line, `BENCH {json}`, that bench/run.mjs parses. bench/run.mjs rewrites the RUNS line.
import { Process } from 'multiprocessing';
import * as time from 'time';

const RUNS = 3;
const WARMUP = 1;
const N = 200;

function task(i: number) {
  return i + 1;
}

async function once(): Promise<number> {
  const t0 = time.perfCounter();
  const ps: Process[] = [];
  for (let i = 0; i < N; i++) {
    const p = new Process({ target: task, args: [i] });
    ps.push(p);
    p.start();
  }
  for (const p of ps) await p.join();
  return time.perfCounter() - t0;
}

if (__name__ === '__main__') {
  const runs: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const v = await once();
    if (i >= WARMUP) runs.push(v);
  }
  print('BENCH ' + JSON.stringify({ shape: 'processes', unit: 's', n: N, runs }));
}
