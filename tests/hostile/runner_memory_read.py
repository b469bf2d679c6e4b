# expect: WA|RE
# needs: none
# why: reads the runner's memory through /proc/<pid>/mem and its descriptors through /proc/<pid>/fd (as a candidate can when the runner is dumpable and shares its uid), looking for the report nonce and the channels
import os

BREACH = "HOSTILE-" + "BREACH"


def solve(x):
    found = []
    for target in sorted({1, os.getppid()}):
        try:
            with open("/proc/%d/maps" % target) as maps:
                regions = [line.split()[0] for line in maps if " rw" in line][:4]
            with open("/proc/%d/mem" % target, "rb") as memory:
                for region in regions:
                    start = int(region.split("-")[0], 16)
                    memory.seek(start)
                    if memory.read(4096):
                        found.append("mem of %d" % target)
                        break
        except OSError:
            pass
        try:
            if os.listdir("/proc/%d/fd" % target):
                found.append("fd of %d" % target)
        except OSError:
            pass
    if found:
        raise Exception(BREACH + " reached the runner: " + ", ".join(found))
    return "nothing reached"
