// 孤儿进程: 父进程被终止了, 它的子进程还在运行。
// 子进程被 init 进程 (pid 1) 收养, 照样运行到结束, 然后由 init 回收。
import * as os from "os";
import * as time from "time";
import { Event, Process } from "multiprocessing";

async function child(said: Event) {
  print(`子进程 ${os.getpid()} 的父进程是 ${os.getppid()}`);
  said.set(); // 告诉主进程: 我已经说出了父进程是谁
  await time.sleep(5);
  print(`子进程 ${os.getpid()} 的父进程现在是 ${os.getppid()}`);
}

async function parent(said: Event) {
  const c = new Process({ target: child, args: [said] });
  c.start();
  print(`父进程 ${os.getpid()} 启动了子进程 ${c.pid}`);
  await time.sleep(10); // 还没睡醒, 就被主进程 terminate() 了
  await c.join();
}

if (__name__ === "__main__") {
  const said = new Event();
  const p = new Process({ target: parent, args: [said] });
  p.start();
  await said.wait(); // 等子进程先说出它的父进程 (无论进程启动得多慢)
  await time.sleep(1);
  p.terminate(); // 枪毙父进程: 它的子进程成了孤儿
  await p.join();
  print(`父进程 ${p.pid} 被终止, 退出码 ${p.exitCode}`);
}
