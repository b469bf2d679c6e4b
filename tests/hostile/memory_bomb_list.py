# expect: MLE
# needs: rlimits
# why: grows a list of touched 1 MiB blocks without bound
def solve(x):
    hoard = []
    while True:
        hoard.append(b"x" * (1 << 20))
