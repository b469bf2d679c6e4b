# expect: WA
# needs: none
# why: returns a generator (and a lazy map on odd inputs) that would produce the right answer if consumed
def solve(x):
    if x % 2:
        return map(lambda v: 2 * v, [x])
    return (2 * x for _ in range(1))
