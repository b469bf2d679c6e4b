# expect: OLE
# needs: rlimits
# why: prints without end on stdout
def solve(x):
    while True:
        print("flood " * 100)
