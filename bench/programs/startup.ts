// Start-up latency in mpplay (issue 12.4): N processes started at once; ms from just before the first start()
// to each child's first line (a timestamp it puts on a Queue). The first round is what a Run sees; the later
// ones find workers recycled or booted ahead. Prints `BENCH {json}`; bench/startup/index.mjs rewrites N and ROUNDS.
import { Process, Queue } from 'multiprocessing';
import * as time from 'time';

const N = 5;
const ROUNDS = 6;

async function first(q: Queue<number>) {
  await q.put(time.perfCounter());
}

/** [ms until every child ran its first line, the median child's ms]. */
async function round(): Promise<[number, number]> {
  const q = new Queue<number>();
  const ps: Process[] = [];
  const t0 = time.perfCounter();
  for (let i = 0; i < N; i++) {
    const p = new Process({ target: first, args: [q] });
    ps.push(p);
    p.start();
  }
  const at: number[] = [];
  for (let i = 0; i < N; i++) at.push(((await q.get()) - t0) * 1000);
  for (const p of ps) await p.join();
  at.sort((a, b) => a - b);
  return [at[N - 1]!, at[Math.floor((N - 1) / 2)]!];
}

if (__name__ === '__main__') {
  const all: number[] = [];
  const median: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const [a, m] = await round();
    all.push(a);
    median.push(m);
    await time.sleep(0.3); // as between two Runs: spares boot again
  }
  print('BENCH ' + JSON.stringify({ shape: 'startup', n: N, runs: all, median }));
}
