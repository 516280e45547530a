from multiprocessing import Pool
import time
import random


def task(i):
    i += 1
    print(i)
    time.sleep(random.randint(1, 2))


if __name__ == "__main__":
    p = Pool(5)
    for i in range(20):
        res = p.apply_async(task, args=(i,))  # apply_async天生异步
        res.get()  # 如果在for循环中,使用res.get(),则整个程序又变成了同步的状态
