# expect: TLE
# needs: none
# why: burns CPU in three forked children while the parent only waits, then answers correctly: the tree's CPU must count
import os


def solve(x):
    children = []
    for _ in range(3):
        pid = os.fork()
        if pid == 0:
            while True:
                pass
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    return 2 * x
