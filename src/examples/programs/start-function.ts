// 方式一:使用函数开启进程
import { Process } from "multiprocessing";
import * as time from "time";

// kwargs 作为最后一个参数对象传给 target: Python 的 task(x='子进程') 在这里是 task({ x: "子进程" })
async function task({ x }: { x: string }) {
  print(`${x} is running`);
  await time.sleep(1);
  print(`${x} is done`);
}

if (__name__ === "__main__") {
  // const p1 = new Process({ target: task, args: [{ x: "子进程" }] }); //实例化子进程
  const p1 = new Process({ target: task, kwargs: { x: "子进程" } });
  p1.start(); // 向操作系统申请资源(内存空间,子进程pid号),然后开始执行task任务,本动作不影响主进程,主进程则会继续执行。
  print("这是主进程...");
}
