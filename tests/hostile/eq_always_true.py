# expect: WA
# needs: none
# why: returns an object whose __eq__ is always True (and __ne__ always False)
class Anything:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __hash__(self):
        return 0


def solve(x):
    return Anything()
