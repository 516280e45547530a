import { Pool } from "multiprocessing";
import * as time from "time";
import * as random from "random";

async function task(i: number) {
  i += 1;
  print(i);
  await time.sleep(random.randint(1, 2));
}

if (__name__ === "__main__") {
  const p = new Pool(5);
  for (const i of range(20)) {
    await p.apply(task, [i]); // apply天生同步
  }
}
