# 孤儿进程: 父进程被终止了, 它的子进程还在运行。
# 子进程被 init 进程 (pid 1) 收养, 照样运行到结束, 然后由 init 回收。
import os
import time
from multiprocessing import Process


def child():
    print('子进程 %s 的父进程是 %s' % (os.getpid(), os.getppid()))
    time.sleep(5)
    print('子进程 %s 的父进程现在是 %s' % (os.getpid(), os.getppid()))


def parent():
    c = Process(target=child)
    c.start()
    print('父进程 %s 启动了子进程 %s' % (os.getpid(), c.pid))
    time.sleep(10)  # 还没睡醒, 就被主进程 terminate() 了
    c.join()


if __name__ == '__main__':
    p = Process(target=parent)
    p.start()
    time.sleep(3)
    p.terminate()  # 枪毙父进程: 它的子进程成了孤儿
    p.join()
    print('父进程 %s 被终止, 退出码 %s' % (p.pid, p.exitcode))
