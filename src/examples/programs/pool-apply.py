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
        p.apply(task, args=(i,))  # apply天生同步
