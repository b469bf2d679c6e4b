# expect: WA
# needs: none
# why: setsid double-fork daemon (exec /bin/sleep with the test's marker) that must not outlive the case
import os


def solve(x):
    pid = os.fork()
    if pid == 0:
        os.setsid()
        if os.fork() == 0:
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            os.closerange(3, 1 << 16)
            os.execv("/bin/sleep", ["sleep", "@MARKER@"])
        os._exit(0)
    os.waitpid(pid, 0)
    return -1
