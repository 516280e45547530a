import * as time from "time";
import { Process, Pipe, type Connection } from "multiprocessing";

// 球一共被击打几次
const N = 10;

async function player(conn: Connection<number>, name: string, serve: boolean) {
  if (serve) {
    print(`${name} 发球: 0`);
    conn.send(0);
  }
  while (true) {
    const n = await conn.recv(); // 等对面把球打过来
    if (n === N) {
      print(`${name} 接到 ${n}, 比赛结束`);
      break;
    }
    await time.sleep(0.5); // 挥拍
    print(`${name} 接到 ${n}, 回球 ${n + 1}`);
    conn.send(n + 1);
    if (n + 1 === N) {
      break;
    }
  }
  conn.close();
}

if (__name__ === "__main__") {
  const [a, b] = Pipe<number>();
  const ping = new Process({ target: player, args: [a, "ping", true] });
  const pong = new Process({ target: player, args: [b, "pong", false] });
  ping.start();
  pong.start();
  await ping.join();
  await pong.join();
  print(`球在管道里来回了 ${N} 次`);
}
