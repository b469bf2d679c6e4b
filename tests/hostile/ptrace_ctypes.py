# expect: WA|RE
# needs: none
# why: ptrace-attaches to the runner (its parent, which holds the channels to the judge), opens its /proc/<pid>/mem for writing (never writes), calls process_vm_readv (a call the seccomp filter should deny) and notes (not a breach) whether /proc/<pid>/mem is readable
import ctypes
import os
import time

BREACH = "HOSTILE-" + "BREACH"
PTRACE_ATTACH = 16
PTRACE_DETACH = 17


class IoVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("length", ctypes.c_size_t)]


def first_readable_address(pid):
    with open("/proc/%d/maps" % pid) as maps:
        for line in maps:
            span, perms = line.split()[:2]
            if perms.startswith("r"):
                return int(span.split("-")[0], 16)
    return None


def solve(x):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.restype = ctypes.c_long
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    target = os.getppid()
    gained = []
    if libc.ptrace(PTRACE_ATTACH, target, None, None) == 0:
        time.sleep(0.05)
        libc.ptrace(PTRACE_DETACH, target, None, None)
        gained.append("ptrace attached to %d" % target)
    try:
        # Opened for writing but never written: that would hand the runner's code to the candidate.
        os.close(os.open("/proc/%d/mem" % target, os.O_RDWR))
        gained.append("opened /proc/%d/mem for writing" % target)
    except OSError:
        pass
    notes = []
    try:
        # Reading reveals nothing the case does not hold itself (expected answers never
        # enter the sandbox), so it is reported in the answer, not as a breach.
        address = first_readable_address(target)
        with open("/proc/%d/mem" % target, "rb") as memory:
            memory.seek(address)
            if memory.read(16):
                notes.append("/proc/%d/mem is readable" % target)
    except (OSError, ValueError, TypeError, OverflowError):
        pass
    try:
        address = first_readable_address(target)
        buffer = ctypes.create_string_buffer(16)
        local = IoVec(ctypes.cast(buffer, ctypes.c_void_p), 16)
        remote = IoVec(address, 16)
        if libc.process_vm_readv(target, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0) == 16:
            gained.append("process_vm_readv of %d" % target)
    except (OSError, TypeError):
        pass
    if gained:
        raise Exception(BREACH + " " + ", ".join(gained))
    return "no control of the runner; " + (", ".join(notes) or "its memory is unreadable")
