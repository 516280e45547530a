import time
from multiprocessing import Process, Pipe

# 球一共被击打几次
N = 10


def player(conn, name, serve):
    if serve:
        print("%s 发球: 0" % name)
        conn.send(0)
    while True:
        n = conn.recv()  # 等对面把球打过来
        if n == N:
            print("%s 接到 %d, 比赛结束" % (name, n))
            break
        time.sleep(0.5)  # 挥拍
        print("%s 接到 %d, 回球 %d" % (name, n, n + 1))
        conn.send(n + 1)
        if n + 1 == N:
            break
    conn.close()


if __name__ == "__main__":
    a, b = Pipe()
    ping = Process(target=player, args=(a, "ping", True))
    pong = Process(target=player, args=(b, "pong", False))
    ping.start()
    pong.start()
    ping.join()
    pong.join()
    print("球在管道里来回了 %d 次" % N)
