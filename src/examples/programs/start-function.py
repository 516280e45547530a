# 方式一:使用函数开启进程
from multiprocessing import Process
import time


def task(x):
    print('%s is running' % x)
    time.sleep(1)
    print('%s is done' % x)


if __name__ == '__main__':
    # p1 = Process(target=task, args=('子进程',)) #实例化子进程
    p1 = Process(target=task, kwargs={'x': '子进程'})
    p1.start() # 向操作系统申请资源(内存空间,子进程pid号),然后开始执行task任务,本动作不影响主进程,主进程则会继续执行。
    print('这是主进程...')
