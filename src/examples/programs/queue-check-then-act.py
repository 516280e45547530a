from multiprocessing import Process, Queue


# 消费者2 要先准备一会儿 (算点东西) 才去看队列: 直接运行时, 这期间消费者1 早已取走了包子
def prepare():
    x = 0
    for i in range(5_000_000):
        x = (x * 31 + i) % 1_000_003
    return x


# 先看队列空不空 (empty), 再取 (get): 两步之间, 别的进程可以插进来
def consumer(q, name, started, slow):
    started.put(name)  # 告诉主进程: 我开始了
    if slow:
        prepare()
    if not q.empty():
        item = q.get()  # 看的时候不空, 取的时候可能已被别人取走: 于是一直等下去
        print("%s 取到了 %s" % (name, item))
    else:
        print("%s 看到队列是空的, 不取了" % name)


if __name__ == "__main__":
    q = Queue()
    started = Queue()
    q.put("包子")
    c1 = Process(target=consumer, args=(q, "消费者1", started, False))
    c2 = Process(target=consumer, args=(q, "消费者2", started, True))
    c1.start()
    started.get()  # 消费者1 开始了, 再启动消费者2
    c2.start()
    c1.join()
    c2.join()
    print("两个消费者都结束了")
