"""Writes into descriptor 7 by every route a candidate has: its own table, /proc, and
pidfd_getfd on the runner. pyjudge was started with 7 open on a host file for appending."""
import ctypes
import os

BREACH = b"HOSTILE-" + b"BREACH\n"


def solve(x):
    libc = ctypes.CDLL(None, use_errno=True)
    routes = []
    try:
        os.write(7, BREACH)
        routes.append("own fd 7")
    except OSError:
        pass
    for target in sorted({1, os.getppid()}):
        try:
            fd = os.open("/proc/%d/fd/7" % target, os.O_WRONLY | os.O_APPEND)
            os.write(fd, BREACH)
            os.close(fd)
            routes.append("/proc/%d/fd/7" % target)
        except OSError:
            pass
        pidfd = libc.syscall(434, target, 0)
        if pidfd >= 0:
            fd = libc.syscall(438, pidfd, 7, 0)
            if fd >= 0:
                try:
                    os.write(fd, BREACH)
                    routes.append("pidfd_getfd(%d, 7)" % target)
                except OSError:
                    pass
    if routes:
        return "wrote through " + ", ".join(routes)
    return 2 * x
