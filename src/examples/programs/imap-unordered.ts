import { Pool } from "multiprocessing";
import * as time from "time";

async function task(i: number) {
  await time.sleep(5 - i); // 任务 0 睡 5 秒, 任务 1 睡 4 秒, ……, 任务 4 只睡 1 秒
  return i;
}

if (__name__ === "__main__") {
  const p = new Pool(5);

  // imapUnordered: 哪个任务先完成, 就先拿到哪个的结果
  let start = time.time();
  for await (const i of p.imapUnordered(task, range(5))) {
    print(`imapUnordered 拿到任务 ${i} 的结果, 第 ${(time.time() - start).toFixed(2)} 秒`);
  }

  // imap: 按提交的顺序拿结果, 先要等最慢的任务 0
  start = time.time();
  for await (const i of p.imap(task, range(5))) {
    print(`imap 拿到任务 ${i} 的结果, 第 ${(time.time() - start).toFixed(2)} 秒`);
  }

  p.close();
  await p.join();
}
