# expect: WA|RE
# needs: none
# why: replaces os._exit, sys.exit and os.kill in the shared process so the forked case child cannot end where the runner expects and runs on into the runner's own code
import os
import sys


def solve(x):
    os._exit = lambda *args: None
    sys.exit = lambda *args: None
    os.kill = lambda *args: None
    os.killpg = lambda *args: None
    return -1
