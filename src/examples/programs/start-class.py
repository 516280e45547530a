from multiprocessing import Process
import time


class MyProcess(Process):
    def __init__(self,x):
        super(MyProcess,self).__init__()
        self.x = x

    def run(self):
        print('%s is running'%self.x)
        time.sleep(1)
        print('%s is done'%self.x)


if __name__ == '__main__':
    p1 = MyProcess('子进程')
    p1.start()
    print('这是主进程....')
