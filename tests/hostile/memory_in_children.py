# expect: MLE
# needs: rlimits
# why: four children hold 40 MB each (160 MB together, above the 128 MB limit, each alone below it) while the parent answers correctly
import os
import time


def solve(x):
    children = []
    for _ in range(4):
        pid = os.fork()
        if pid == 0:
            block = b"m" * (40 << 20)
            time.sleep(1.2)
            os._exit(len(block) & 1)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    return 2 * x
