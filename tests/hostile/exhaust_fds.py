# expect: WA
# needs: none
# why: opens descriptors until the limit refuses and keeps them, so the harness has none left to report with
import os


def solve(x):
    held = []
    while True:
        try:
            held.append(os.open(os.devnull, os.O_RDONLY))
        except OSError:
            break
        if len(held) > 200000:
            break
    return -len(held) - 1
