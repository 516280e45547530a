import time
from multiprocessing import Process, Barrier

WORKERS = 3
PHASES = 3


def worker(barrier, i):
    name = "worker_%d" % i
    barrier.wait()  # 等 3 个人都启动了, 再一起开始
    for phase in range(1, PHASES + 1):
        seconds = (i + phase) % WORKERS + 1  # 每个阶段, 每人的活儿有多有少
        print("%s 开始第 %d 阶段, 要做 %d 秒" % (name, phase, seconds))
        time.sleep(seconds)
        print("%s 做完第 %d 阶段, 在屏障前等其他人" % (name, phase))
        if barrier.wait() == 0:  # 人到齐了大家才一起往下走; 最先到的拿到 0
            print("===== 第 %d 阶段: 全员完成 =====" % phase)


if __name__ == "__main__":
    barrier = Barrier(WORKERS)
    ps = [Process(target=worker, args=(barrier, i)) for i in range(1, WORKERS + 1)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("%d 个阶段都完成了" % PHASES)
