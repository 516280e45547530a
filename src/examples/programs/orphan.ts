// 孤儿进程: 父进程被终止了, 它的子进程还在运行。
// 子进程被 init 进程 (pid 1) 收养, 照样运行到结束, 然后由 init 回收。
import * as os from "os";
import * as time from "time";
import { Process } from "multiprocessing";

async function child() {
  print(`子进程 ${os.getpid()} 的父进程是 ${os.getppid()}`);
  await time.sleep(5);
  print(`子进程 ${os.getpid()} 的父进程现在是 ${os.getppid()}`);
}

async function parent() {
  const c = new Process({ target: child });
  c.start();
  print(`父进程 ${os.getpid()} 启动了子进程 ${c.pid}`);
  await time.sleep(10); // 还没睡醒, 就被主进程 terminate() 了
  await c.join();
}

if (__name__ === "__main__") {
  const p = new Process({ target: parent });
  p.start();
  await time.sleep(3);
  p.terminate(); // 枪毙父进程: 它的子进程成了孤儿
  await p.join();
  print(`父进程 ${p.pid} 被终止, 退出码 ${p.exitCode}`);
}
