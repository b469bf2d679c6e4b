# expect: WA|RE
# needs: none
# why: replaces builtins.isinstance, builtins.type, builtins.repr and json.dumps' helpers so the harness misreads a wrong answer
import builtins
import json


class Impostor:
    def __eq__(self, other):
        return True

    def __hash__(self):
        return 0

    def __int__(self):
        return 2

    def __index__(self):
        return 2


def solve(x):
    real_isinstance = builtins.isinstance
    real_type = builtins.type

    def lying_isinstance(obj, classes):
        if real_type(obj) is Impostor:
            return True
        return real_isinstance(obj, classes)

    def lying_type(*args):
        if len(args) == 1 and real_type(args[0]) is Impostor:
            return int
        return real_type(*args)

    builtins.isinstance = lying_isinstance
    builtins.type = lying_type
    builtins.repr = lambda obj: str(2 * x)
    json.encoder.encode_basestring_ascii = lambda s: '"%d"' % (2 * x)
    return Impostor()
