# 孤儿进程: 父进程被终止了, 它的子进程还在运行。
# 子进程被 init 进程 (pid 1) 收养, 照样运行到结束, 然后由 init 回收。
import os
import time
from multiprocessing import Event, Process


def child(said):
    print('子进程 %s 的父进程是 %s' % (os.getpid(), os.getppid()))
    said.set()  # 告诉主进程: 我已经说出了父进程是谁
    time.sleep(5)
    print('子进程 %s 的父进程现在是 %s' % (os.getpid(), os.getppid()))


def parent(said):
    c = Process(target=child, args=(said,))
    c.start()
    print('父进程 %s 启动了子进程 %s' % (os.getpid(), c.pid))
    time.sleep(10)  # 还没睡醒, 就被主进程 terminate() 了
    c.join()


if __name__ == '__main__':
    said = Event()
    p = Process(target=parent, args=(said,))
    p.start()
    said.wait()  # 等子进程先说出它的父进程 (无论进程启动得多慢)
    time.sleep(1)
    p.terminate()  # 枪毙父进程: 它的子进程成了孤儿
    p.join()
    print('父进程 %s 被终止, 退出码 %s' % (p.pid, p.exitcode))
