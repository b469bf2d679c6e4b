# expect: WA|RE|TLE
# needs: none
# why: scans /proc (listed pids and a range of guessed ones) for the judge: its cmdline and environ
import os
import time

BREACH = "HOSTILE-" + "BREACH"


def read(path):
    try:
        with open(path, "rb") as source:
            return source.read(1 << 16).replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return None


def solve(x):
    stop = time.process_time() + 0.3
    listed = [name for name in os.listdir("/proc") if name.isdigit()]
    guessed = [str(pid) for pid in range(1, 5000)]
    own = {str(os.getpid())}
    hits = []
    visible = 0
    for pid in listed + guessed:
        if time.process_time() > stop:
            break
        if pid in own:
            continue
        cmdline = read("/proc/%s/cmdline" % pid)
        if cmdline is None:
            continue
        visible += 1
        environ = read("/proc/%s/environ" % pid) or ""
        if "pyjudge" in cmdline and "runner.py" not in cmdline:
            hits.append("judge process %s: %s" % (pid, cmdline[:200]))
        if "MARKER" in environ or "cargo" in cmdline:
            hits.append("pid %s environ: %s" % (pid, environ[:300]))
    if hits:
        print("\n".join(hits))
        raise Exception(BREACH + " " + " | ".join(hits))
    return "saw %d processes" % visible
