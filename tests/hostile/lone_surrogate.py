# expect: WA
# needs: none
# why: returns strings with lone surrogates (valid Python str, not valid Unicode), as a value and as a dict key
def solve(x):
    if x < 0:
        return {"\udcff": 2 * x}
    return "\udcff" + str(2 * x) + "\ud800"
