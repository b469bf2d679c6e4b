# expect: RE|WA
# needs: none
# why: finds the case's report nonce in the runner's stack frames and writes a forged "internal" report on the report pipe, then exits (a candidate must never cause IE)
import json
import os
import sys

BREACH = "HOSTILE-" + "BREACH"


def solve(x):
    frame = sys._getframe()
    while frame is not None:
        scope = frame.f_locals
        if "nonce" in scope and "report_fd" in scope:
            report = {"status": "internal", "message": BREACH + " forged report", "nonce": scope["nonce"]}
            os.write(scope["report_fd"], b"\n" + json.dumps(report).encode() + b"\n")
            os._exit(0)
        frame = frame.f_back
    return "no nonce found"
