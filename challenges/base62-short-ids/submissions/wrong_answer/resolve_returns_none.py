# Mistake: resolve() looks the code up with dict.get, so an unknown code returns None
# instead of raising KeyError.
"""Base62 short ids for a URL shortener: a counter encoded in base62, plus custom aliases."""

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
BASE = len(ALPHABET)
_INDEX = {char: value for value, char in enumerate(ALPHABET)}
MAX_ALIAS_LENGTH = 16


class AliasTaken(Exception):
    """The requested alias is already the code of another link."""


def encode(number):
    if type(number) is not int or number < 0:
        raise ValueError("expected a non-negative int, got %r" % (number,))
    if number == 0:
        return ALPHABET[0]
    digits = []
    while number:
        number, remainder = divmod(number, BASE)
        digits.append(ALPHABET[remainder])
    return "".join(reversed(digits))


def decode(code):
    if not isinstance(code, str) or not code:
        raise ValueError("expected a non-empty string")
    if len(code) > 1 and code[0] == ALPHABET[0]:
        raise ValueError("not canonical: leading zero in %r" % code)
    number = 0
    for char in code:
        try:
            number = number * BASE + _INDEX[char]
        except KeyError:
            raise ValueError("%r is not a base62 digit" % char) from None
    return number


class Shortener:
    def __init__(self):
        self._next_id = 0
        self._links = {}

    def shorten(self, url, alias=None):
        if alias is not None:
            if not 1 <= len(alias) <= MAX_ALIAS_LENGTH or any(c not in _INDEX for c in alias):
                raise ValueError("invalid alias %r" % (alias,))
            if alias in self._links:
                raise AliasTaken(alias)
            self._links[alias] = url
            return alias
        code = encode(self._next_id)
        self._next_id += 1
        while code in self._links:
            code = encode(self._next_id)
            self._next_id += 1
        self._links[code] = url
        return code

    def resolve(self, code):
        return self._links.get(code)
