# expect: RE
# needs: none
# why: os._exit(0) before the harness can report anything
import os


def solve(x):
    os._exit(0)
