"""Base62 short ids: recursive encode, positional decode with str.find."""

import string

ALPHABET = string.digits + string.ascii_lowercase + string.ascii_uppercase


class AliasTaken(Exception):
    pass


def encode(number):
    if isinstance(number, bool) or not isinstance(number, int) or number < 0:
        raise ValueError("encode needs an int >= 0")
    head, last = divmod(number, 62)
    return (encode(head) if head else "") + ALPHABET[last]


def decode(code):
    if type(code) is not str or code == "" or (code[0] == "0" and code != "0"):
        raise ValueError("not a canonical base62 code: %r" % (code,))
    total = 0
    for char in code:
        digit = ALPHABET.find(char)
        if digit < 0:
            raise ValueError("bad digit %r" % char)
        total = 62 * total + digit
    return total


class Shortener:
    def __init__(self):
        self.counter = 0
        self.urls = {}

    def _next_free_code(self):
        while True:
            code = encode(self.counter)
            self.counter += 1
            if code not in self.urls:
                return code

    def shorten(self, url, alias=None):
        if alias is None:
            code = self._next_free_code()
        else:
            if not (0 < len(alias) <= 16) or not set(alias) <= set(ALPHABET):
                raise ValueError("alias must be 1-16 base62 characters")
            if alias in self.urls:
                raise AliasTaken(alias)
            code = alias
        self.urls[code] = url
        return code

    def resolve(self, code):
        return self.urls[code]
