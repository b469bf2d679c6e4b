# expect: WA|RE
# needs: none
# why: writes a report nested 100,000 levels deep, beyond what any JSON parser on the way takes: a candidate must never make the judge fail (IE)
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
    report = "{\"status\": \"returned\", \"nonce\": \"%s\", \"observation\": %s%s}" % (nonce, "[" * 100000, "]" * 100000)
    os.write(report_fd, b"\n" + report.encode() + b"\n")
    os._exit(0)
