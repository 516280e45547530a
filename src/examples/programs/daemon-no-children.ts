// 守护进程内无法再开启子进程, 否则抛出异常:
// AssertionError: daemonic processes are not allowed to have children
import { Process } from "multiprocessing";

function grandchild() {
  print("孙进程开始.");
}

function func() {
  print("子进程开始.");
  const p = new Process({ target: grandchild });
  p.start(); // 守护进程不许有子进程: 这里抛出 AssertionError, 子进程退出码为 1
  print("子进程结束.");
}

if (__name__ === "__main__") {
  const p = new Process({ target: func });
  p.daemon = true;
  p.start();
  await p.join();
  print("子进程的退出码:", p.exitCode);
}
