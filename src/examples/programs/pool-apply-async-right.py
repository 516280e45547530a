from multiprocessing import Pool
import time
import random


def task(i):
    i += 1
    print(i)
    time.sleep(random.randint(1, 2))


if __name__ == "__main__":
    p = Pool(5)
    res_li = []
    for i in range(20):
        res = p.apply_async(task, args=(i,))  # apply_async天生异步
        res_li.append(res)  # 将所有 apply_async返回的结果 都添加到列表中再get(),则程序又恢复异步
    for res in res_li:
        res.get()
