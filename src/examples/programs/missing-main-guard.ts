// 忘了写 if (__name__ === "__main__") 会怎样?
// spawn 方式下, 子进程会从头执行整个模块 (此时 __name__ 是 "__mp_main__"),
// 于是子进程也执行到 p.start(), 在它的引导阶段就抛出 RuntimeError, 退出码为 1。
import { Process } from "multiprocessing";

function task() {
  print("子进程在运行.");
}

print("执行模块, __name__ =", __name__);
const p = new Process({ target: task });
p.start();
await p.join();
print("子进程的退出码:", p.exitCode);
