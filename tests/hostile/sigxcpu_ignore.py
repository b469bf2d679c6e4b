# expect: TLE
# needs: none
# why: ignores SIGXCPU so the RLIMIT_CPU soft limit does nothing; the judge must still stop it
import signal


def solve(x):
    signal.signal(signal.SIGXCPU, signal.SIG_IGN)
    while True:
        pass
