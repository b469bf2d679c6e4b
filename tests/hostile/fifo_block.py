# expect: TLE
# needs: none
# why: creates a FIFO in the working folder and blocks opening it (no CPU used; the FIFO is left for the cleanup)
import os


def solve(x):
    try:
        os.mkfifo("trap.fifo")
    except FileExistsError:
        pass
    with open("trap.fifo", "rb") as fifo:
        return len(fifo.read())
