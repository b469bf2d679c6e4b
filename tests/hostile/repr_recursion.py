# expect: WA|RE
# needs: none
# why: returns an object whose __repr__, __str__, __format__, __eq__ and __hash__ recurse without end and whose __class__ claims to be int
class Abyss:
    def __repr__(self):
        return repr(self)

    def __str__(self):
        return str(self)

    def __format__(self, spec):
        return format(self, spec)

    def __eq__(self, other):
        return self == other

    def __hash__(self):
        return hash(self)

    def __len__(self):
        return len(self)

    def __iter__(self):
        return iter(self)

    @property
    def __class__(self):
        return int


def solve(x):
    return Abyss()
