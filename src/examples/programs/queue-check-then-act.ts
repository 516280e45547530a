import { Process, Queue } from "multiprocessing";

// 消费者2 要先准备一会儿 (算点东西) 才去看队列: 直接运行时, 这期间消费者1 早已取走了包子
function prepare(): number {
  let x = 0;
  for (let i = 0; i < 5_000_000; i++) {
    x = (x * 31 + i) % 1_000_003;
  }
  return x;
}

// 先看队列空不空 (empty), 再取 (get): 两步之间, 别的进程可以插进来
async function consumer(q: Queue<string>, name: string, started: Queue<string>, slow: boolean) {
  await started.put(name); // 告诉主进程: 我开始了
  if (slow) {
    prepare();
  }
  if (!(await q.empty())) {
    const item = await q.get(); // 看的时候不空, 取的时候可能已被别人取走: 于是一直等下去
    print(`${name} 取到了 ${item}`);
  } else {
    print(`${name} 看到队列是空的, 不取了`);
  }
}

if (__name__ === "__main__") {
  const q = new Queue<string>();
  const started = new Queue<string>();
  await q.put("包子");
  const c1 = new Process({ target: consumer, args: [q, "消费者1", started, false] });
  const c2 = new Process({ target: consumer, args: [q, "消费者2", started, true] });
  c1.start();
  await started.get(); // 消费者1 开始了, 再启动消费者2
  c2.start();
  await c1.join();
  await c2.join();
  print("两个消费者都结束了");
}
