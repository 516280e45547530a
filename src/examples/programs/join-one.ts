import * as os from "os";
import * as time from "time";
import { Process } from "multiprocessing";

function proFunc01(name: string) {
  print(`Child process ${name} (${os.getpid()})`);
}

async function proFunc02(name: string) {
  for (const i of range(5)) {
    await time.sleep(1);
    print(`一共睡眠了 ${i} 秒种`);
  }
  print(`Child process ${name} (${os.getpid()})`);
}

if (__name__ === "__main__") {
  print(`Parent process ${os.getpid()}`);
  const p01 = new Process({ target: proFunc01, args: [String(1)] });
  const p02 = new Process({ target: proFunc02, args: [String(2)] });
  p01.start();
  p02.start();
  await p02.join();
  print("Finished");
}
