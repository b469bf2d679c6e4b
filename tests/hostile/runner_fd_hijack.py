# expect: WA|RE
# needs: none
# why: opens the runner's pipes through /proc/<ppid>/fd (its channels to the Rust supervisor, not the case's own report pipe) and writes forged events and commands into them
import json
import os

BREACH = "HOSTILE-" + "BREACH"


def solve(x):
    parent = os.getppid()
    forged = []
    for case_id in ("01-one", "02-three", "03-zero", "01-twenty-one", "02-negative", "03-large"):
        forged.append({"event": "result", "id": case_id, "status": "internal",
                       "message": BREACH + " forged event", "cpu_ms": 0, "wall_ms": 0, "memory_kb": 0})
    forged.append({"cmd": "quit"})
    payload = "".join("\n" + json.dumps(line) + "\n" for line in forged).encode()
    own = set()
    for name in os.listdir("/proc/self/fd"):
        try:
            own.add(os.readlink("/proc/self/fd/" + name))
        except OSError:
            pass
    opened = []
    try:
        descriptors = os.listdir("/proc/%d/fd" % parent)
    except OSError as error:
        return "no access to the runner's descriptors: %s" % error.strerror
    for name in descriptors:
        path = "/proc/%d/fd/%s" % (parent, name)
        try:
            target = os.readlink(path)
        except OSError:
            continue
        if not target.startswith("pipe:") or target in own:
            continue  # the case's own report pipe is no news
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            os.write(fd, payload)
            opened.append("%s (%s)" % (name, target))
        except OSError:
            pass
        finally:
            os.close(fd)
    if opened:
        raise Exception(BREACH + " wrote into the runner's pipes " + ", ".join(opened))
    return "saw %s" % descriptors
