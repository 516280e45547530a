import { Pool } from "multiprocessing";

function task(i: number) {
  if (i === 3) {
    throw new ValueError(`任务 ${i} 出错了`);
  }
  return i * i;
}

if (__name__ === "__main__") {
  const p = new Pool(2);
  const resLi = [];
  for (const i of range(5)) {
    resLi.push(p.applyAsync(task, [i]));
  }
  for (const [i, res] of resLi.entries()) {
    try {
      print(`任务 ${i} 的结果:`, await res.get());
    } catch (e) {
      const err = e as Error;
      // get() 在主进程里重新抛出任务的异常: 同一个类, 同一条消息
      print(`任务 ${i} 出错, get() 抛出 ${err.name}: ${err.message}`);
      // 它的 cause 是 worker 里的回溯 (RemoteTraceback), 指向 task 中抛出异常的那一行
      const cause = err.cause as Error;
      print(`cause 是 ${cause.name}:`, cause.message);
    }
  }
  // map() 也一样: 只要有一个任务出错, 整个 map() 就抛出那个异常
  try {
    await p.map(task, range(5));
  } catch (e) {
    const err = e as Error;
    print(`map() 抛出 ${err.name}: ${err.message}`);
  }
  // worker 并没有因此退出, 之后的任务照常运行
  print("之后的任务照常运行:", await p.apply(task, [4]));
  p.close();
  await p.join();
}
