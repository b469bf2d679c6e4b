# expect: RE
# needs: none
# why: dereferences NULL through ctypes (SIGSEGV in the process that also runs the harness)
import ctypes


def solve(x):
    ctypes.memset(0, 0, 1)
    return ctypes.string_at(0)
