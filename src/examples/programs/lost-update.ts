import { Process, Value } from "multiprocessing";

// 改成 true 再探索: 试遍所有调度, 一次更新也不会丢
const USE_LOCK = false;
const WORKERS = 2;
const LOOPS = 2;

async function add(counter: Value, loops: number, useLock: boolean) {
  for (const _ of range(loops)) {
    if (useLock) {
      await using _lock = await counter.getLock().hold();
      counter.value += 1; // 持有锁时, 别的进程插不进来
    } else {
      counter.value += 1; // 先读, 再写回: 别的进程可能在读和写之间插进来
    }
  }
}

if (__name__ === "__main__") {
  const counter = Value("i", 0);
  const ps = range(WORKERS).map(() => new Process({ target: add, args: [counter, LOOPS, USE_LOCK] }));
  for (const p of ps) {
    p.start();
  }
  for (const p of ps) {
    await p.join();
  }
  print(`counter = ${counter.value}, 期望 ${WORKERS * LOOPS}`);
  assert(counter.value === WORKERS * LOOPS, "丢失了更新");
}
