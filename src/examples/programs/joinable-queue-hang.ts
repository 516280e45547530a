import * as time from "time";
import * as random from "random";
import { JoinableQueue } from "multiprocessing";
import { Process } from "multiprocessing";

async function producer(food: string, q: JoinableQueue<string>, name: string) {
  for (const i of range(3)) {
    const res = `${food}${i}`;
    await time.sleep(random.randint(1, 3));
    await q.put(res);
    print(`${name} 生产了${res}`);
  }
}

async function consumer(q: JoinableQueue<string>, name: string) {
  while (true) {
    const res = await q.get();
    await time.sleep(random.randint(2, 4));
    print(`----------${name}消费了${res}`);
    // 忘了 q.taskDone(): q.join() 永远等不到 9 个"已处理"
  }
}

if (__name__ === "__main__") {
  const q = new JoinableQueue<string>();
  const p1 = new Process({ target: producer, args: ["包子", q, "worker_01"] });
  const p2 = new Process({ target: producer, args: ["水饺", q, "worker_02"] });
  const p3 = new Process({ target: producer, args: ["馒头", q, "worker_03"] });
  const c1 = new Process({ target: consumer, args: [q, "Consumer_01"] });
  const c2 = new Process({ target: consumer, args: [q, "Consumer_02"] });
  p1.start();
  p2.start();
  p3.start();
  c1.daemon = true;
  c2.daemon = true;
  c1.start();
  c2.start();
  await p1.join();
  await p2.join();
  await p3.join();
  await q.join();
  print("主...");
}
