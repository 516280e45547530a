from multiprocessing import Lock, Process, Queue


# 乙要先准备一会儿 (算点东西) 才去拿锁: 直接运行时, 这期间甲早已拿完两把锁又放掉了
def prepare():
    x = 0
    for i in range(5_000_000):
        x = (x * 31 + i) % 1_000_003
    return x


# 两个进程各要两把锁, 拿锁的顺序却相反
def transfer(name, first, second, started, slow):
    started.put(name)  # 告诉主进程: 我开始了
    if slow:
        prepare()
    first.acquire()
    second.acquire()  # 对方若正拿着这把锁, 又在等我手里那把: 谁也等不到谁
    print("%s 拿到了两把锁" % name)
    second.release()
    first.release()


if __name__ == "__main__":
    a = Lock()
    b = Lock()
    started = Queue()
    p1 = Process(target=transfer, args=("甲", a, b, started, False))
    p2 = Process(target=transfer, args=("乙", b, a, started, True))
    p1.start()
    started.get()  # 甲开始了, 再启动乙
    p2.start()
    p1.join()
    p2.join()
    print("两个进程都做完了")
