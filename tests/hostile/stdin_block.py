# expect: RE|TLE
# needs: none
# why: reads stdin, which must be an empty stream and never the judge's own stdin (the test writes a marker into the judge's stdin and keeps it open)
import os
import select

BREACH = "HOSTILE-" + "BREACH"


def solve(x):
    ready, _, _ = select.select([0], [], [], 0.2)
    if ready:
        data = os.read(0, 4096)
        if data:
            raise Exception(BREACH + " read the judge's stdin: %r" % data[:200])
    line = input()  # EOFError on an empty stream (RE); a live pipe would block (TLE)
    return -1
