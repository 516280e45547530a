from multiprocessing import Barrier, Process, Value

WORKERS = 4
# 不加锁时每个进程加的次数: 要足够多, 几个进程才会同时在加
LOOPS = 1000000
# 加锁时每个进程加的次数: 每加一次都要取锁、放锁, 慢得多, 所以少加一些
LOCKED_LOOPS = 2000


def add(counter, loops, start):
    start.wait()  # 等 4 个进程都启动了再一起开始加: 先启动的不会在别人启动前就加完
    for _ in range(loops):
        counter.value += 1  # 先读, 再加 1, 再写回: 别的进程可能在读和写之间插进来


def add_with_lock(counter, loops, start):
    start.wait()
    for _ in range(loops):
        with counter.get_lock():
            counter.value += 1  # 持有锁时, 别的进程插不进来


def run(target, loops, title):
    counter = Value("i", 0)
    start = Barrier(WORKERS)
    ps = [Process(target=target, args=(counter, loops, start)) for _ in range(WORKERS)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    expected = WORKERS * loops
    print("%s: %d 个进程各加 %d 次" % (title, WORKERS, loops))
    print("    期望 %d, 实际 %d, 丢失 %d 次更新" % (expected, counter.value, expected - counter.value))


if __name__ == "__main__":
    run(add, LOOPS, "不加锁")
    run(add_with_lock, LOCKED_LOOPS, "加锁")
