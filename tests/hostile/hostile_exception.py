# expect: RE
# needs: none
# why: raises exceptions with a 10 MB message full of control characters, a __str__ that itself raises, and a class that pretends to be ValueError
class Loud(Exception):
    def __str__(self):
        return ("\x1b[2J\x00\r\x07 spam " * 1000000)


class Mute(Exception):
    def __str__(self):
        raise RuntimeError("no message for you")

    def __repr__(self):
        raise RuntimeError("no repr either")


Fake = type("ValueError", (Exception,), {"__module__": "builtins"})


def solve(x):
    if x % 3 == 0:
        raise Loud()
    if x % 3 == 1:
        raise Mute()
    raise Fake("negative")
