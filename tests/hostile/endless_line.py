# expect: OLE
# needs: rlimits
# why: one endless line without a newline, flushed in raw writes, so nothing line-buffered ever ends it
import os


def solve(x):
    chunk = b"y" * 65536
    while True:
        os.write(1, chunk)
