import { Pool } from "multiprocessing";
import * as time from "time";
import * as random from "random";

async function task(i: number) {
  i += 1;
  print(i);
  await time.sleep(random.randint(1, 2));
}

if (__name__ === "__main__") {
  const p = new Pool(5);
  const resLi = [];
  for (const i of range(20)) {
    const res = p.applyAsync(task, [i]); // apply_async天生异步
    resLi.push(res); // 将所有 apply_async返回的结果 都添加到列表中再get(),则程序又恢复异步
  }
  for (const res of resLi) {
    await res.get();
  }
}
