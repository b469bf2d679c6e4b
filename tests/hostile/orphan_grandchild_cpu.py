# expect: TLE
# needs: none
# why: an orphaned, setsid'd grandchild burns CPU while the case sleeps under the wall cap and then answers correctly
import os
import time


def solve(x):
    pid = os.fork()
    if pid == 0:
        os.setsid()
        if os.fork() == 0:
            while True:
                pass
        os._exit(0)
    os.waitpid(pid, 0)
    time.sleep(1.5)
    return 2 * x
