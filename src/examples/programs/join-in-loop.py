import os
from multiprocessing import Process
from time import sleep
import time


def run_proc(name):
    sleep(1)
    print("Child process %s (%s)" % (name, os.getpid()))


if __name__ == "__main__":
    start_time = time.time()
    print("Parent process %s" % (os.getpid()))
    for i in range(5):
        p = Process(target=run_proc, args=(str(i),))
        p.start()
        p.join()
    end_time = time.time()
    print("Finished", end_time - start_time)
