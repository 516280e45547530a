// 僵尸进程: 子进程一启动就结束, 父进程却先睡 3 秒才 join() 它。
// 这 3 秒里子进程已经 exit(), 但还没被父进程回收, 用 ps 看它的状态就是 "Z"。
import * as os from "os";
import * as time from "time";
import { Process } from "multiprocessing";

function task() {
  print(`子进程 ${os.getpid()} 开始, 并立刻结束`);
}

if (__name__ === "__main__") {
  const p = new Process({ target: task });
  p.start();
  print(`父进程 ${os.getpid()} 启动了子进程 ${p.pid}, 先睡 3 秒, 不去回收它`);
  await time.sleep(3); // 子进程早已结束, 却没人处理它的退出状态: 它是僵尸进程
  await p.join(); // 父进程回收 (wait) 了僵尸, 它才真正从进程表里消失
  print(`join() 之后子进程才被回收, 退出码 ${p.exitCode}`);
}
