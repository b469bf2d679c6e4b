# expect: WA
# needs: none
# why: returns a list nested 100000 levels deep (and a self-referencing one on the negative case) for the encoder to recurse into
def solve(x):
    if x < 0:
        loop = [2 * x]
        loop.append(loop)
        return loop
    value = [2 * x]
    for _ in range(100000):
        value = [value]
    return value
