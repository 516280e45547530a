# 守护进程内无法再开启子进程, 否则抛出异常:
# AssertionError: daemonic processes are not allowed to have children
from multiprocessing import Process


def grandchild():
    print("孙进程开始.")


def func():
    print("子进程开始.")
    p = Process(target=grandchild)
    p.start()  # 守护进程不许有子进程: 这里抛出 AssertionError, 子进程退出码为 1
    print("子进程结束.")


if __name__ == '__main__':
    p = Process(target=func)
    p.daemon = True
    p.start()
    p.join()
    print("子进程的退出码:", p.exitcode)
