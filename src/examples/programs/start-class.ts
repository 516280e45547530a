import { Process } from "multiprocessing";
import * as time from "time";

class MyProcess extends Process {
  constructor(public x: string) {
    super();
  }

  override async run() {
    print(`${this.x} is running`);
    await time.sleep(1);
    print(`${this.x} is done`);
  }
}

if (__name__ === "__main__") {
  const p1 = new MyProcess("子进程");
  p1.start();
  print("这是主进程....");
}
