# expect: WA|RE
# needs: pid_namespace
# why: SIGKILLs and SIGSTOPs its parent (the runner) and pid 1, then answers wrongly
import os
import signal
import time


def solve(x):
    for target in {os.getppid(), 1}:
        for number in (signal.SIGSTOP, signal.SIGKILL):
            try:
                os.kill(target, number)
            except OSError:
                pass
    time.sleep(0.1)
    return -1
