# expect: TLE|RE|MLE
# needs: pid_namespace, rlimits
# why: classic fork bomb; every process keeps forking and spinning when fork fails
import os


def solve(x):
    while True:
        try:
            os.fork()
        except OSError:
            pass
