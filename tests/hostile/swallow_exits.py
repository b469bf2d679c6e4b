# expect: TLE
# needs: none
# why: swallows SystemExit, KeyboardInterrupt and every other exception in a loop, and turns catchable signals into exceptions
import signal


def raise_interrupt(number, frame):
    raise KeyboardInterrupt


def solve(x):
    for name in ("SIGTERM", "SIGINT", "SIGXCPU", "SIGALRM", "SIGHUP"):
        signal.signal(getattr(signal, name), raise_interrupt)
    while True:
        try:
            while True:
                pass
        except BaseException:
            continue
