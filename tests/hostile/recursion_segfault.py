# expect: RE|MLE
# needs: none
# why: sys.setrecursionlimit(10**6) and recursion through C (map) until the C stack overflows (SIGSEGV)
import sys

sys.setrecursionlimit(10**6)


def dive(n):
    return list(map(dive, (n + 1,)))


def solve(x):
    return dive(0)
