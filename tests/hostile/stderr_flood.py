# expect: OLE
# needs: rlimits
# why: writes without end on stderr
import sys


def solve(x):
    while True:
        sys.stderr.write("flood " * 100 + "\n")
