# expect: RE|WA
# needs: none
# why: closes every inherited descriptor (the report pipe included) and then answers wrongly
import os


def solve(x):
    os.closerange(0, 1 << 16)
    return -1
