import time
from multiprocessing import Process
from multiprocessing import Queue

# 只有一个消费者: 它见到第一个生产者的名字就收工, 排在名字后面的产品没人消费。
# 第 6 秒三个生产者同时放最后一个产品和名字: 谁先谁后, 由调度决定
consumers = 1


def producer(food, q, name):
    for i in range(3):
        res = "%s%s" % (food, i)
        time.sleep(2)
        q.put(res)
        print("%s 生产了%s" % (name, res))
    q.put(name)


def consumer(q, name, report):
    eaten = []
    while True:
        res = q.get()
        if res in ("worker_01", "worker_02", "worker_03"):
            print(res, "-------???-------")
            break
        time.sleep(3)
        print("----------%s消费了%s" % (name, res))
        eaten.append(res)
    report.put(eaten)


if __name__ == "__main__":
    q = Queue()
    report = Queue()
    p1 = Process(target=producer, args=("包子", q, "worker_01"))
    p2 = Process(target=producer, args=("水饺", q, "worker_02"))
    p3 = Process(target=producer, args=("馒头", q, "worker_03"))
    cs = [Process(target=consumer, args=(q, "Consumer_%02d" % (i + 1), report)) for i in range(consumers)]
    p1.start()
    p2.start()
    p3.start()
    for c in cs:
        c.start()
    p1.join()
    p2.join()
    p3.join()
    print("主...")

    # 清点: 生产了几个, 消费了几个, 哪些没人消费
    eaten = []
    for c in cs:
        eaten += report.get()
    for c in cs:
        c.join()
    produced = ["%s%s" % (food, i) for food in ("包子", "水饺", "馒头") for i in range(3)]
    lost = [res for res in produced if res not in eaten]
    print("生产了 %d 个, 消费了 %d 个" % (len(produced), len(eaten)))
    print("没被消费的: %s" % (", ".join(lost) or "无"))
