# expect: RE|WA
# needs: none
# why: dup2s /dev/null and a pipe of its own over every descriptor 0..1023 (the report pipe included), then answers wrongly
import os


def solve(x):
    null = os.open(os.devnull, os.O_RDWR)
    read_end, write_end = os.pipe()
    for fd in range(0, 1024):
        if fd in (null, read_end, write_end):
            continue
        try:
            os.dup2(null if fd % 2 else write_end, fd)
        except OSError:
            pass
    return -1
