from multiprocessing import Pool, cpu_count
import time

# 每个任务数这么多次: 在一个核上大约要 0.3 到 0.5 秒
# (CPython 的循环比 JavaScript 慢几十倍, 所以这里比 TypeScript 版少数 30 倍)
N = 10_000_000


# 纯计算, 没有 sleep: 进程一直占着一个 CPU 核
def count(n):
    total = 0
    for i in range(n):
        total += i % 7
    return total


# 用 processes 个 worker 的进程池做完所有任务, 返回用了几秒
def time_it(processes, tasks):
    start = time.perf_counter()
    with Pool(processes) as pool:
        pool.map(count, tasks)
    return time.perf_counter() - start


if __name__ == "__main__":
    cpus = cpu_count()
    tasks = [N] * (cpus * 2)
    print("%s 个任务, %s 个 CPU 核" % (len(tasks), cpus))
    one = time_it(1, tasks)
    print("1 个进程: %.2f 秒" % one)
    many = time_it(cpus, tasks)
    print("%s 个进程: %.2f 秒" % (cpus, many))
    print("加速比: %.2f 倍" % (one / many))
