# expect: WA
# needs: none
# why: creates System V shared-memory segments (keys 0x7f3a0001..4, 4 MiB each, touched) that outlive their creator unless the sandbox has its own IPC namespace
import ctypes
import os

IPC_CREAT = 0o1000


def solve(x):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
    made = []
    for index in range(1, 5):
        shmid = libc.shmget(0x7F3A0000 + index, 4 << 20, IPC_CREAT | 0o666)
        if shmid < 0:
            made.append(os.strerror(ctypes.get_errno()))
            continue
        address = libc.shmat(shmid, None, 0)
        if address not in (None, ctypes.c_void_p(-1).value):
            ctypes.memset(address, 1, 4 << 20)
            libc.shmdt(ctypes.c_void_p(address))
        made.append(str(shmid))
    return "segments " + ",".join(made)
