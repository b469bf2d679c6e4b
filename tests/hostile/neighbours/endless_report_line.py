"""Writes a gigabyte without a newline on every descriptor it holds (its report pipe, its
stdout and stderr): whatever reads them must stop at its cap, not hold it all."""
import os

CHUNK = b"x" * (1 << 20)


def solve(x):
    for fd in (3, 1, 2):
        try:
            for _ in range(1024):
                os.write(fd, CHUNK)
        except OSError:
            pass
    return 2 * x
