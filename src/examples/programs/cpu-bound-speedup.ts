import { Pool, cpuCount } from "multiprocessing";
import * as time from "time";

// 每个任务数这么多次: 在一个核上大约要 0.3 到 0.5 秒
const N = 300_000_000;

// 纯计算, 没有 sleep: 进程一直占着一个 CPU 核
function count(n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += i % 7;
  }
  return total;
}

// 用 processes 个 worker 的进程池做完所有任务, 返回用了几秒
async function timeIt(processes: number, tasks: number[]): Promise<number> {
  const start = time.perfCounter();
  await using pool = new Pool(processes);
  await pool.map(count, tasks);
  return time.perfCounter() - start;
}

if (__name__ === "__main__") {
  const cpus = cpuCount();
  const tasks = range(cpus * 2).map(() => N);
  print(`${tasks.length} 个任务, ${cpus} 个 CPU 核`);
  const one = await timeIt(1, tasks);
  print(`1 个进程: ${one.toFixed(2)} 秒`);
  const many = await timeIt(cpus, tasks);
  print(`${cpus} 个进程: ${many.toFixed(2)} 秒`);
  print(`加速比: ${(one / many).toFixed(2)} 倍`);
}
