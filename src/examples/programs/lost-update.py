from multiprocessing import Process, Value

# 改成 True 再探索: 试遍所有调度, 一次更新也不会丢
USE_LOCK = False
WORKERS = 2
LOOPS = 2


def add(counter, loops, use_lock):
    for _ in range(loops):
        if use_lock:
            with counter.get_lock():
                counter.value += 1  # 持有锁时, 别的进程插不进来
        else:
            counter.value += 1  # 先读, 再写回: 别的进程可能在读和写之间插进来


if __name__ == "__main__":
    counter = Value("i", 0)
    ps = [Process(target=add, args=(counter, LOOPS, USE_LOCK)) for _ in range(WORKERS)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print("counter = %d, 期望 %d" % (counter.value, WORKERS * LOOPS))
    assert counter.value == WORKERS * LOOPS, "丢失了更新"
