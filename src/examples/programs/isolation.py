from multiprocessing import Process
import time

x = 100


def task():
    global x
    x += 1
    print('子进程中执行x所得的值为------%s' % x)
    time.sleep(1)


if __name__ == '__main__':
    p1 = Process(target=task)
    p1.start()
    p1.join()
    print('父进程中执行x所得的值为------%s' % x)
# 子进程中执行x所得的值为------101
# 父进程中执行x所得的值为------100
