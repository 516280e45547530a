from multiprocessing import Pool
import time


def task(i):
    time.sleep(5 - i)  # 任务 0 睡 5 秒, 任务 1 睡 4 秒, ……, 任务 4 只睡 1 秒
    return i


if __name__ == "__main__":
    p = Pool(5)

    # imap_unordered: 哪个任务先完成, 就先拿到哪个的结果
    start = time.time()
    for i in p.imap_unordered(task, range(5)):
        print("imap_unordered 拿到任务 %s 的结果, 第 %.2f 秒" % (i, time.time() - start))

    # imap: 按提交的顺序拿结果, 先要等最慢的任务 0
    start = time.time()
    for i in p.imap(task, range(5)):
        print("imap 拿到任务 %s 的结果, 第 %.2f 秒" % (i, time.time() - start))

    p.close()
    p.join()
