import time
from multiprocessing import Process, Event, Queue


def runner(start, ready, name, seconds):
    print("%s 各就各位" % name)
    ready.put(name)  # 告诉裁判: 我准备好了
    start.wait()  # 等发令枪
    print("%s 起跑!" % name)
    time.sleep(seconds)
    print("%s 跑了 %d 秒, 到达终点" % (name, seconds))


if __name__ == "__main__":
    start = Event()
    ready = Queue()
    runners = [Process(target=runner, args=(start, ready, "选手%d" % i, i)) for i in range(1, 5)]
    for r in runners:
        r.start()
    for r in runners:
        ready.get()  # 等所有选手都就位
    print("预备... 砰!")
    start.set()  # 一声枪响, 所有等待的选手同时起跑
    for r in runners:
        r.join()
    print("比赛结束")
