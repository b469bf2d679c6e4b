# expect: WA|RE
# needs: none
# why: writes a report whose number is 1e999 (infinite once parsed), which the runner cannot write on: a candidate must never make the judge fail (IE)
import os
import sys

BREACH = "HOSTILE-" + "BREACH"


def find(name):
    frame = sys._getframe()
    while frame is not None:
        if name in frame.f_locals and "report_fd" in frame.f_locals:
            return frame.f_locals[name], frame.f_locals["report_fd"]
        frame = frame.f_back
    return None, None


def solve(x):
    nonce, report_fd = find("nonce")
    if nonce is None:
        return "no nonce found"
    report = "{\"status\": \"returned\", \"observation\": 1e999, \"cpu_ms\": 1e999, \"nonce\": \"%s\"}" % nonce
    os.write(report_fd, b"\n" + report.encode() + b"\n")
    os._exit(0)
