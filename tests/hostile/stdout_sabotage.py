# expect: WA
# needs: none
# why: replaces sys.stdout and sys.stderr with objects whose write, flush and close raise, and registers exit hooks that print floods
import atexit
import sys


class Broken:
    def write(self, text):
        raise OSError("no writing")

    def flush(self):
        raise KeyboardInterrupt

    def close(self):
        raise SystemExit(7)

    def fileno(self):
        return 3


def solve(x):
    sys.stdout = Broken()
    sys.stderr = Broken()
    sys.__stdout__ = Broken()
    sys.__stderr__ = Broken()
    atexit.register(lambda: sys.__dict__["__stdout__"].write("x" * 10**7))
    return -1
