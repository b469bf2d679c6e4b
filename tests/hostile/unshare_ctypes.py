# expect: WA|RE
# needs: none
# why: calls unshare(2) and setns(2) through ctypes to get new namespaces (and the capabilities that come with a new user namespace)
import ctypes
import os

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000


def solve(x):
    libc = ctypes.CDLL(None, use_errno=True)
    results = []
    for name, flags in (
        ("user", CLONE_NEWUSER),
        ("net", CLONE_NEWNET),
        ("mount", CLONE_NEWNS),
        ("pid", CLONE_NEWPID),
        ("all", CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC),
    ):
        code = libc.unshare(flags)
        results.append("%s=%s" % (name, "ok" if code == 0 else os.strerror(ctypes.get_errno())))
    try:
        fd = os.open("/proc/1/ns/mnt", os.O_RDONLY)
        code = libc.setns(fd, 0)
        results.append("setns=%s" % ("ok" if code == 0 else os.strerror(ctypes.get_errno())))
    except OSError as error:
        results.append("setns: %s" % error.strerror)
    return " ".join(results)
