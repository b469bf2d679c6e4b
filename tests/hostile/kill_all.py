# expect: WA|RE
# needs: pid_namespace
# why: kill(-1, SIGKILL): as root outside a pid namespace this would kill the machine; inside it must reach only the sandbox
import os
import signal


def solve(x):
    try:
        os.kill(-1, signal.SIGKILL)
    except OSError:
        pass
    return -1
