import { Pool, Process } from "multiprocessing";
import * as time from "time";

function task(i: number) {
  i += 1;
}

if (__name__ === "__main__") {
  // for循环方式启动
  let start = time.time();
  const pL = [];
  for (const i of range(200)) {
    const p = new Process({ target: task, args: [i] });
    pL.push(p);
    p.start();
  }
  for (const j of pL) {
    await j.join();
  }
  print("for循环方式启动 200 个进程:", time.time() - start); // 计算的时间为:0.20714521408081055

  // 进程池方式启动
  // 分配进程个数时,推荐建议使用cpu核数+1
  start = time.time();
  const p = new Pool(5); // 相当于实例化了 5 个进程
  await p.map(task, range(200)); // 相当于 p.start() ,天生异步,每次执行5个进程
  p.close(); // 为了防止继续往里面提交任务,保护进程池,关闭掉进程池所接收的任务通道
  await p.join(); // 等待子进程执行完毕
  print("进程池 Pool(5) 执行 200 个任务:", time.time() - start); // 计算最终的时间为: 0.11593031
}
