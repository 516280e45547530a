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
  const pList: Process[] = [];
  for (const i of range(5)) {
    const p = new Process({ target: runProc, args: [String(i)] });
    pList.push(p);
    p.start();
  }
  for (const m of pList) {
    await m.join();
  }
  const endTime = time.time();
  print("Finished", endTime - startTime);
}
