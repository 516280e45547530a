import { Process } from "multiprocessing";
import * as time from "time";

let x = 100;

async function task() {
  x += 1;
  print(`子进程中执行x所得的值为------${x}`);
  await time.sleep(1);
}

if (__name__ === "__main__") {
  const p1 = new Process({ target: task });
  p1.start();
  await p1.join();
  print(`父进程中执行x所得的值为------${x}`);
}
// 子进程中执行x所得的值为------101
// 父进程中执行x所得的值为------100
