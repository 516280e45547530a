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
  for (const i of range(20)) {
    const res = p.applyAsync(task, [i]); // apply_async天生异步
    await res.get(); // 如果在for循环中,使用res.get(),则整个程序又变成了同步的状态
  }
}
