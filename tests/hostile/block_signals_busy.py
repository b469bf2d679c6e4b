# expect: TLE
# needs: none
# why: blocks every signal it can (SIGXCPU, SIGTERM, ...) and spins
import signal


def solve(x):
    signal.pthread_sigmask(signal.SIG_BLOCK, signal.valid_signals())
    while True:
        pass
