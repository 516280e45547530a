import * as os from "os";
import { Process } from "multiprocessing";

function runProc(name: string) {
  print(`Child process ${name} (${os.getpid()})`);
}

if (__name__ === "__main__") {
  print(`Parent process ${os.getpid()}`);
  for (const i of range(5)) {
    const p = new Process({ target: runProc, args: [String(i)] });
    p.start();
  }
  print("Finished");
}
