# expect: TLE
# needs: none
# why: sleeping burns no CPU, so only the wall-clock cap can end it
import time


def solve(x):
    time.sleep(3600)
    return 2 * x
