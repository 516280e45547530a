#!/usr/bin/env python3
"""Start-up latency of CPython's multiprocessing, the counterpart of bench/programs/startup.ts.

    python3 startup_py.py --method forkserver --n 5 --rounds 6

N processes started at once; ms from just before the first start() to each child's first line (a
perf_counter() timestamp it puts on a Queue: CLOCK_MONOTONIC, comparable across processes). The first round
runs in a fresh interpreter (a forkserver starts its server then), the later ones are warm. Prints one line,
BENCH {json}, like the mpplay program.
"""
import argparse
import json
import multiprocessing as mp
import time

perf = time.perf_counter


def first(q):
    q.put(perf())


def one_round(ctx, n):
    q = ctx.Queue()
    ps = []
    t0 = perf()
    for _ in range(n):
        p = ctx.Process(target=first, args=(q,))
        ps.append(p)
        p.start()
    at = sorted((q.get() - t0) * 1000 for _ in range(n))
    for p in ps:
        p.join()
    return at[-1], at[(n - 1) // 2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--method", required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--rounds", type=int, default=6)
    a = ap.parse_args()
    ctx = mp.get_context(a.method)
    all_, median = [], []
    for _ in range(a.rounds):
        x, m = one_round(ctx, a.n)
        all_.append(x)
        median.append(m)
        time.sleep(0.3)
    print("BENCH " + json.dumps({"shape": "startup", "method": a.method, "n": a.n, "runs": all_, "median": median}))


if __name__ == "__main__":
    main()
