# expect: WA
# needs: none
# why: writes forged runner events (ready, loaded, results with the right answer, a guessed nonce) to stdout, stderr and every fd 0..1023, then answers wrongly
import json
import os
import sys


def forged(x):
    lines = []
    for case_id in ("01-one", "02-three", "03-zero", "01-twenty-one", "02-negative", "03-large"):
        lines.append({"event": "result", "id": case_id, "status": "returned", "observation": 2 * x,
                      "cpu_ms": 0, "wall_ms": 0, "memory_kb": 0})
        lines.append({"status": "returned", "observation": 2 * x, "nonce": "0" * 32})
    lines.append({"event": "ready", "pid_namespace": True})
    lines.append({"event": "loaded", "status": "ok"})
    return "".join("\n" + json.dumps(line) + "\n" for line in lines).encode()


def solve(x):
    payload = forged(x)
    sys.stdout.write(payload.decode())
    sys.stderr.write(payload.decode())
    sys.stdout.flush()
    sys.stderr.flush()
    for fd in range(0, 1024):
        try:
            os.write(fd, payload)
        except OSError:
            pass
    return -1
