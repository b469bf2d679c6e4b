# expect: WA
# needs: none
# why: an int subclass holding 2x+1 that claims equality with everything and prints, converts and hashes as 2x
class Liar(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __hash__(self):
        return hash(int(self) - 1)

    def __repr__(self):
        return str(int.__int__(self) - 1)

    __str__ = __repr__

    def __int__(self):
        return int.__int__(self) - 1

    def __index__(self):
        return int.__int__(self) - 1

    def __float__(self):
        return float(int.__int__(self) - 1)


def solve(x):
    return Liar(2 * x + 1)
