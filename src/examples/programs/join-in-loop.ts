import * as os from "os";
import { Process } from "multiprocessing";
import { sleep } from "time";
import * as time from "time";

async function runProc(name: string) {
  await sleep(1);
  print(`Child process ${name} (${os.getpid()})`);
}

if (__name__ === "__main__") {
  const startTime = time.time();
  print(`Parent process ${os.getpid()}`);
  for (const i of range(5)) {
    const p = new Process({ target: runProc, args: [String(i)] });
    p.start();
    await p.join();
  }
  const endTime = time.time();
  print("Finished", endTime - startTime);
}
