import time
import random
from multiprocessing import JoinableQueue
from multiprocessing import Process


def producer(food, q, name):
    for i in range(3):
        res = "%s%s" % (food, i)
        time.sleep(random.randint(1, 3))
        q.put(res)
        print("%s 生产了%s" % (name, res))


def consumer(q, name):
    while True:
        res = q.get()
        time.sleep(random.randint(2, 4))
        print("----------%s消费了%s" % (name, res))
        # 忘了 q.task_done(): q.join() 永远等不到 9 个"已处理"


if __name__ == "__main__":
    q = JoinableQueue()
    p1 = Process(target=producer, args=("包子", q, "worker_01"))
    p2 = Process(target=producer, args=("水饺", q, "worker_02"))
    p3 = Process(target=producer, args=("馒头", q, "worker_03"))
    c1 = Process(target=consumer, args=(q, "Consumer_01"))
    c2 = Process(target=consumer, args=(q, "Consumer_02"))
    p1.start()
    p2.start()
    p3.start()
    c1.daemon = True
    c2.daemon = True
    c1.start()
    c2.start()
    p1.join()
    p2.join()
    p3.join()
    q.join()
    print("主...")
