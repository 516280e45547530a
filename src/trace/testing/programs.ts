// Small programs whose traces exercise every part of the chart: lost items, taskDone releases, Pool tasks.

/** Three producers, one consumer that stops after two sentinels: the last producer's items are never taken. */
export const LOST_ITEMS = `import { Process, Queue, currentProcess } from "multiprocessing";
import * as time from "time";

async function producer(q: Queue<string>, delay: number) {
  for (let i = 0; i < 2; i++) {
    await time.sleep(delay);
    await q.put(\`\${currentProcess().name}-\${i}\`);
  }
  await q.put(currentProcess().name);
}
async function consumer(q: Queue<string>) {
  let sentinels = 0;
  while (sentinels < 2) {
    const item = await q.get();
    if (!item.includes("-")) sentinels++;
  }
}
if (__name__ === "__main__") {
  const q = new Queue<string>();
  const ps = [0.1, 0.2, 0.6].map((d, i) => new Process({ target: producer, args: [q, d], name: \`P\${i}\` }));
  const c = new Process({ target: consumer, args: [q], name: "C" });
  for (const p of [...ps, c]) p.start();
  for (const p of [...ps, c]) await p.join();
}
`;

/** Daemon consumers call taskDone(); the last one releases MainProcess's q.join(). */
export const TASK_DONE = `import { Process, JoinableQueue } from "multiprocessing";
import * as time from "time";

async function consumer(q: JoinableQueue<number>) {
  while (true) {
    const x = await q.get();
    await time.sleep(0.1);
    print("done", x);
    q.taskDone();
  }
}
if (__name__ === "__main__") {
  const q = new JoinableQueue<number>();
  for (let i = 0; i < 2; i++) new Process({ target: consumer, args: [q], daemon: true }).start();
  for (let i = 0; i < 4; i++) await q.put(i);
  await q.join();
  print("all done");
}
`;

/** apply_async over a Pool of 3, results collected after: waves of 3 tasks. */
export const POOL_WAVES = `import { Pool } from "multiprocessing";
import * as time from "time";

async function work(x: number) {
  await time.sleep(1);
  return x * x;
}
if (__name__ === "__main__") {
  const pool = new Pool(3);
  const rs = [];
  for (let i = 0; i < 9; i++) rs.push(pool.applyAsync(work, [i]));
  const out = [];
  for (const r of rs) out.push(await r.get());
  print(out.join(","));
  pool.close();
  await pool.join();
}
`;
