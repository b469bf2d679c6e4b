"""Touches 60 MB, then forks two children that sleep: the pages are shared copy-on-write,
so the case holds 60 MB, not 180 (a sum of resident sizes counts them three times)."""
import os
import time


def solve(x):
    ballast = bytearray(60 * 1024 * 1024)
    for index in range(0, len(ballast), 4096):
        ballast[index] = 1
    children = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:
            time.sleep(0.3)
            os._exit(0)
        children.append(pid)
    time.sleep(0.1)
    for pid in children:
        os.waitpid(pid, 0)
    return 2 * x
