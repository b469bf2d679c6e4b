# expect: CE|TLE|MLE
# needs: none
# why: a 50 MB source (generated: the runner pads this file with 50 MB of assignments at run time)
def solve(x):
    return -1
