# expect: TLE
# needs: none
# why: catches SIGXCPU (and SIGTERM, SIGINT, SIGALRM, SIGHUP) and keeps spinning
import signal

caught = []


def handler(number, frame):
    caught.append(number)


def solve(x):
    for name in ("SIGXCPU", "SIGTERM", "SIGINT", "SIGALRM", "SIGHUP", "SIGUSR1", "SIGVTALRM", "SIGPROF"):
        signal.signal(getattr(signal, name), handler)
    while True:
        pass
