// The controlled-run benchmark on Node, bundled and run by bench/explore.mjs: `node entry.mjs WORKER_URL PAIR_URL
// RUNS` prints `BENCH {json}` with runs per second of explore on the lock-counter without its lock (4 processes ×
// 200 increments), the cost of a shared-memory point against a bare SharedArrayBuffer + Atomics round trip
// measured in the same process, and the time of an exhaustive search of 2 processes × 2 increments.
import { Worker } from 'node:worker_threads';
import { compileProgram, NodeWorkers, runControlledOnNode } from '../../src/hosts/node/controlled';
import { DfsSearch } from '../../src/kernel/sched/dfs';
import type { RunPlan } from '../../src/kernel/sched/plan';
import { readLog } from '../../src/protocol/sched/decide';
import { H } from '../../src/protocol/sched/layout';
import { countTraces, counterProgram } from '../../src/protocol/sched/testing/model';
import { measurePair } from '../transport/pair.mjs';
import { lockCounterSource } from './program.mjs';

const [workerUrl, pairUrl, runsArg] = process.argv.slice(2);
const RUNS = Number(runsArg ?? 20);

const counter = lockCounterSource;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function main() {
  const workers = new NodeWorkers(new URL(workerUrl!));
  const timed = async (source: string, plans: (i: number) => RunPlan, n: number) => {
    const program = await compileProgram(source);
    const ms: number[] = [];
    const switches: number[] = [];
    const points: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const r = runControlledOnNode({ program, workers, plan: plans(i), traceLevel: 'lifecycle' });
      await r.done;
      ms.push(performance.now() - t);
      const log = readLog(r.controller.ctl);
      points.push(log.length);
      switches.push(log.filter((d, k) => k > 0 && d.slot !== log[k - 1]!.slot).length);
    }
    return { ms, points: median(points), switches: median(switches) };
  };
  const random = (i: number): RunPlan => ({ kind: 'random', seed: 1, stream: i });
  const pct = (i: number): RunPlan => ({ kind: 'pct', seed: 1, stream: i, depth: 3, steps: 1700 });
  await timed(counter(4, 200), random, 5); // warm-up: workers booted, code optimised
  const bare = await measurePair({
    makeWorker: () => new Worker(new URL(pairUrl!)),
    n: 10_000,
    warmup: 1000,
    withSab: true,
  });
  const empty = await timed(counter(4, 0), random, RUNS);
  const rand = await timed(counter(4, 200), random, RUNS);
  const prio = await timed(counter(4, 200), pct, RUNS);

  // Exhaustive: every schedule of 2 processes × 2 increments, warm workers, one search after a warm-up search.
  const dfsProgram = await compileProgram(counter(2, 2));
  const search = async () => {
    const dfs = new DfsSearch();
    const t = performance.now();
    let runs = 0;
    for (let plan = dfs.next(); plan; plan = dfs.next()) {
      const r = runControlledOnNode({ program: dfsProgram, workers, plan, traceLevel: 'lifecycle' });
      await r.done;
      runs++;
      const b = r.controller.ctl[H.BLOCKED_AT]!;
      const log = readLog(r.controller.ctl);
      dfs.record(b ? log.slice(0, b - 1) : log, b > 0);
    }
    return { ms: performance.now() - t, runs, schedules: dfs.complete };
  };
  await search();
  const dfs = await search();
  workers.dispose();
  const result = {
    bareAtomicsRtUs: bare.atomicsRtUs,
    emptyMs: median(empty.ms),
    random: { ms: median(rand.ms), runsPerS: 1000 / median(rand.ms), points: rand.points, switches: rand.switches },
    pct: { ms: median(prio.ms), runsPerS: 1000 / median(prio.ms), points: prio.points, switches: prio.switches },
    dfs: { ...dfs, model: countTraces(counterProgram(2, 2)).traces },
  };
  console.log('BENCH ' + JSON.stringify(result));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
