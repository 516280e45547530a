// @ts-check
// The program the controlled-run benchmark explores, on Node (bench/explore/nodeEntry.ts) and in the page
// (bench/explore/page.mjs) alike, and in the tests of controlled runs on Node: the lock-counter lesson without its lock.

/**
 * `workers` processes, each `loops` increments of one Value, joined; prints the total.
 * @param {number} workers
 * @param {number} loops
 */
export const lockCounterSource = (workers, loops) => `import { Process, Value } from "multiprocessing";
function add(counter: Value, n: number) {
  for (const _ of range(n)) counter.value += 1;
}
if (__name__ === "__main__") {
  const counter = Value("i", 0);
  const ps = range(${workers}).map(() => new Process({ target: add, args: [counter, ${loops}] }));
  for (const p of ps) p.start();
  for (const p of ps) await p.join();
  print("counter =", counter.value);
}`;
