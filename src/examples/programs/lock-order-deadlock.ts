import { Lock, Process, Queue } from "multiprocessing";

// 乙要先准备一会儿 (算点东西) 才去拿锁: 直接运行时, 这期间甲早已拿完两把锁又放掉了
function prepare(): number {
  let x = 0;
  for (let i = 0; i < 5_000_000; i++) {
    x = (x * 31 + i) % 1_000_003;
  }
  return x;
}

// 两个进程各要两把锁, 拿锁的顺序却相反
async function transfer(name: string, first: Lock, second: Lock, started: Queue<string>, slow: boolean) {
  await started.put(name); // 告诉主进程: 我开始了
  if (slow) {
    prepare();
  }
  await first.acquire();
  await second.acquire(); // 对方若正拿着这把锁, 又在等我手里那把: 谁也等不到谁
  print(`${name} 拿到了两把锁`);
  second.release();
  first.release();
}

if (__name__ === "__main__") {
  const a = new Lock();
  const b = new Lock();
  const started = new Queue<string>();
  const p1 = new Process({ target: transfer, args: ["甲", a, b, started, false] });
  const p2 = new Process({ target: transfer, args: ["乙", b, a, started, true] });
  p1.start();
  await started.get(); // 甲开始了, 再启动乙
  p2.start();
  await p1.join();
  await p2.join();
  print("两个进程都做完了");
}
