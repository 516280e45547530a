import * as time from "time";
import { Process } from "multiprocessing";

async function func() {
  print("子进程开始.");
  await time.sleep(2);
  print("子进程结束.");
}

if (__name__ === "__main__") {
  const p = new Process({ target: func });
  p.daemon = true;
  p.start();
  await time.sleep(1); // 给子进程 1 秒启动: 否则它还没开始, 主进程就结束了
  print("主进程结束.");
}
