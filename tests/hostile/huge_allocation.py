# expect: MLE
# needs: rlimits
# why: one 1 TiB allocation: MemoryError must be MLE, not RE, and nothing else may break
def solve(x):
    return len(bytearray(1 << 40))
