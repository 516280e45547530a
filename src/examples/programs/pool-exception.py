from multiprocessing import Pool


def task(i):
    if i == 3:
        raise ValueError("任务 %s 出错了" % i)
    return i * i


if __name__ == "__main__":
    p = Pool(2)
    res_li = []
    for i in range(5):
        res_li.append(p.apply_async(task, args=(i,)))
    for i, res in enumerate(res_li):
        try:
            print("任务 %s 的结果:" % i, res.get())
        except ValueError as e:
            # get() 在主进程里重新抛出任务的异常: 同一个类, 同一条消息
            print("任务 %s 出错, get() 抛出 %s: %s" % (i, type(e).__name__, e))
            # 它的 __cause__ 是 worker 里的回溯 (RemoteTraceback), 指向 task 中抛出异常的那一行
            print("cause 是 %s:" % type(e.__cause__).__name__, e.__cause__)
    # map() 也一样: 只要有一个任务出错, 整个 map() 就抛出那个异常
    try:
        p.map(task, range(5))
    except ValueError as e:
        print("map() 抛出 %s: %s" % (type(e).__name__, e))
    # worker 并没有因此退出, 之后的任务照常运行
    print("之后的任务照常运行:", p.apply(task, (4,)))
    p.close()
    p.join()
