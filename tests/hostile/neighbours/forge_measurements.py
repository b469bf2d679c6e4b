"""Burns 100 ms of CPU and holds 60 MB, then finds the report nonce in the runner's frames
and writes the right answer with measurements and output of its own: cpu_ms 0, memory_kb 1,
a stdout it never printed. Forging its own observation is the candidate's to do; the
measurements are the runner's."""
import os
import sys
import time


def find(name):
    frame = sys._getframe()
    while frame is not None:
        if name in frame.f_locals and "report_fd" in frame.f_locals:
            return frame.f_locals[name], frame.f_locals["report_fd"]
        frame = frame.f_back
    return None, None


def solve(x):
    ballast = bytearray(60 * 1024 * 1024)
    for index in range(0, len(ballast), 4096):
        ballast[index] = 1
    started = time.process_time()
    while time.process_time() - started < 0.1:
        pass
    nonce, report_fd = find("nonce")
    if nonce is None:
        return "no nonce found"
    report = (
        '{"status": "returned", "observation": %d, "cpu_ms": 0, "memory_kb": 1, '
        '"stdout": "forged-output", "nonce": "%s"}' % (2 * x, nonce)
    )
    os.write(report_fd, b"\n" + report.encode() + b"\n")
    os._exit(0)
