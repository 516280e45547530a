import * as time from "time";
import { Process, Barrier } from "multiprocessing";

const WORKERS = 3;
const PHASES = 3;

async function worker(barrier: Barrier, i: number) {
  const name = `worker_${i}`;
  await barrier.wait(); // 等 3 个人都启动了, 再一起开始
  for (const phase of range(1, PHASES + 1)) {
    const seconds = ((i + phase) % WORKERS) + 1; // 每个阶段, 每人的活儿有多有少
    print(`${name} 开始第 ${phase} 阶段, 要做 ${seconds} 秒`);
    await time.sleep(seconds);
    print(`${name} 做完第 ${phase} 阶段, 在屏障前等其他人`);
    if ((await barrier.wait()) === 0) {
      // 人到齐了大家才一起往下走; 最先到的拿到 0
      print(`===== 第 ${phase} 阶段: 全员完成 =====`);
    }
  }
}

if (__name__ === "__main__") {
  const barrier = new Barrier(WORKERS);
  const ps = range(1, WORKERS + 1).map((i) => new Process({ target: worker, args: [barrier, i] }));
  for (const p of ps) {
    p.start();
  }
  for (const p of ps) {
    await p.join();
  }
  print(`${PHASES} 个阶段都完成了`);
}
