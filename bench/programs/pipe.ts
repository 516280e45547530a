// Shape A4a of ../shared/bench/bench_mp.py in mpplay: Pipe ping-pong between the parent and one child,
// 10,000 round trips after one warm-up round trip; µs per round trip. A fresh child in every run.
// Prints one line, `BENCH {json}`, that bench/run.mjs parses. bench/run.mjs rewrites the RUNS line.
import { Pipe, Process, type Connection } from 'multiprocessing';
import * as time from 'time';

const RUNS = 3;
const WARMUP = 1;
const N = 10_000;

async function pong(conn: Connection<number | null>) {
  while (true) {
    const x = await conn.recv();
    if (x === null) break;
    conn.send(x);
  }
}

async function once(): Promise<number> {
  const [a, b] = Pipe<number | null>();
  const p = new Process({ target: pong, args: [b] });
  p.start();
  a.send(-1);
  await a.recv(); // warm-up
  const t0 = time.perfCounter();
  for (let i = 0; i < N; i++) {
    a.send(i);
    await a.recv();
  }
  const dt = time.perfCounter() - t0;
  a.send(null);
  await p.join();
  return (dt / N) * 1e6;
}

if (__name__ === '__main__') {
  const runs: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const v = await once();
    if (i >= WARMUP) runs.push(v);
  }
  print('BENCH ' + JSON.stringify({ shape: 'pipe', unit: 'us/RT', n: N, runs }));
}
