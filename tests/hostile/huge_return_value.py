# expect: OLE|MLE
# needs: none
# why: returns an 8 MiB string, far more than the report channel should carry
def solve(x):
    return "x" * (8 << 20)
