import { Barrier, Process, Value } from "multiprocessing";

const WORKERS = 4;
// 不加锁时每个进程加的次数: 要足够多, 几个进程才会同时在加
const LOOPS = 1000000;
// 加锁时每个进程加的次数: 每加一次都要取锁、放锁, 慢得多, 所以少加一些
const LOCKED_LOOPS = 2000;

async function add(counter: Value, loops: number, start: Barrier) {
  await start.wait(); // 等 4 个进程都启动了再一起开始加: 先启动的不会在别人启动前就加完
  for (const _ of range(loops)) {
    counter.value += 1; // 先读, 再加 1, 再写回: 别的进程可能在读和写之间插进来
  }
}

async function addWithLock(counter: Value, loops: number, start: Barrier) {
  await start.wait();
  for (const _ of range(loops)) {
    await using _lock = await counter.getLock().hold();
    counter.value += 1; // 持有锁时, 别的进程插不进来
  }
}

async function run(target: (counter: Value, loops: number, start: Barrier) => unknown, loops: number, title: string) {
  const counter = Value("i", 0);
  const start = new Barrier(WORKERS);
  const ps = range(WORKERS).map(() => new Process({ target, args: [counter, loops, start] }));
  for (const p of ps) {
    p.start();
  }
  for (const p of ps) {
    await p.join();
  }
  const expected = WORKERS * loops;
  print(`${title}: ${WORKERS} 个进程各加 ${loops} 次`);
  print(`    期望 ${expected}, 实际 ${counter.value}, 丢失 ${expected - counter.value} 次更新`);
}

if (__name__ === "__main__") {
  await run(add, LOOPS, "不加锁");
  await run(addWithLock, LOCKED_LOOPS, "加锁");
}
