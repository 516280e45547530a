import * as time from "time";
import { Process } from "multiprocessing";
import { Queue } from "multiprocessing";

// 只有一个消费者: 它见到第一个生产者的名字就收工, 排在名字后面的产品没人消费。
// 第 6 秒三个生产者同时放最后一个产品和名字: 谁先谁后, 由调度决定
const consumers = 1;

async function producer(food: string, q: Queue<string>, name: string) {
  for (const i of range(3)) {
    const res = `${food}${i}`;
    await time.sleep(2);
    await q.put(res);
    print(`${name} 生产了${res}`);
  }
  await q.put(name);
}

async function consumer(q: Queue<string>, name: string, report: Queue<string[]>) {
  const eaten: string[] = [];
  while (true) {
    const res = await q.get();
    if (["worker_01", "worker_02", "worker_03"].includes(res)) {
      print(res, "-------???-------");
      break;
    }
    await time.sleep(3);
    print(`----------${name}消费了${res}`);
    eaten.push(res);
  }
  await report.put(eaten);
}

if (__name__ === "__main__") {
  const q = new Queue<string>();
  const report = new Queue<string[]>();
  const p1 = new Process({ target: producer, args: ["包子", q, "worker_01"] });
  const p2 = new Process({ target: producer, args: ["水饺", q, "worker_02"] });
  const p3 = new Process({ target: producer, args: ["馒头", q, "worker_03"] });
  const cs = range(consumers).map(
    (i) => new Process({ target: consumer, args: [q, `Consumer_${String(i + 1).padStart(2, "0")}`, report] }),
  );
  p1.start();
  p2.start();
  p3.start();
  for (const c of cs) {
    c.start();
  }
  await p1.join();
  await p2.join();
  await p3.join();
  print("主...");

  // 清点: 生产了几个, 消费了几个, 哪些没人消费
  const eaten: string[] = [];
  for (const _ of cs) {
    eaten.push(...(await report.get()));
  }
  for (const c of cs) {
    await c.join();
  }
  const produced = ["包子", "水饺", "馒头"].flatMap((food) => range(3).map((i) => `${food}${i}`));
  const lost = produced.filter((res) => !eaten.includes(res));
  print(`生产了 ${produced.length} 个, 消费了 ${eaten.length} 个`);
  print(`没被消费的: ${lost.join(", ") || "无"}`);
}
