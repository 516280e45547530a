from multiprocessing import Process
from multiprocessing import Pool
import time


def task(i):
    i += 1


if __name__ == "__main__":
    # for循环方式启动
    start = time.time()
    p_l = []
    for i in range(200):
        p = Process(target=task, args=(i,))
        p_l.append(p)
        p.start()
    for j in p_l:
        j.join()
    print("for循环方式启动 200 个进程:", time.time() - start)  # 计算的时间为:0.20714521408081055

    # 进程池方式启动
    """
    分配进程个数时,推荐建议使用cpu核数+1
    """
    start = time.time()
    p = Pool(5)  # 相当于实例化了 5 个进程
    p.map(task, range(200))  # 相当于 p.start() ,天生异步,每次执行5个进程
    p.close()  # 为了防止继续往里面提交任务,保护进程池,关闭掉进程池所接收的任务通道
    p.join()  # 等待子进程执行完毕
    print("进程池 Pool(5) 执行 200 个任务:", time.time() - start)  # 计算最终的时间为: 0.11593031
