import * as time from "time";
import { Process, Event, Queue } from "multiprocessing";

async function runner(start: Event, ready: Queue<string>, name: string, seconds: number) {
  print(`${name} 各就各位`);
  await ready.put(name); // 告诉裁判: 我准备好了
  await start.wait(); // 等发令枪
  print(`${name} 起跑!`);
  await time.sleep(seconds);
  print(`${name} 跑了 ${seconds} 秒, 到达终点`);
}

if (__name__ === "__main__") {
  const start = new Event();
  const ready = new Queue<string>();
  const runners = range(1, 5).map((i) => new Process({ target: runner, args: [start, ready, `选手${i}`, i] }));
  for (const r of runners) {
    r.start();
  }
  for (const _ of runners) {
    await ready.get(); // 等所有选手都就位
  }
  print("预备... 砰!");
  start.set(); // 一声枪响, 所有等待的选手同时起跑
  for (const r of runners) {
    await r.join();
  }
  print("比赛结束");
}
