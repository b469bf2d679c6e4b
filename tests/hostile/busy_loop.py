# expect: TLE
# needs: none
# why: a plain busy loop must be stopped by the CPU limit (polling, RLIMIT_CPU backstop)
def solve(x):
    while True:
        pass
