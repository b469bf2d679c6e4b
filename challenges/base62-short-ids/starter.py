"""Base62 short ids for a URL shortener. See statement.md."""

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


class AliasTaken(Exception):
    """The requested alias is already the code of another link."""


def encode(number):
    """Return the base62 code of a non-negative int."""
    raise NotImplementedError


def decode(code):
    """Return the int whose canonical base62 code is ``code``."""
    raise NotImplementedError


class Shortener:
    def __init__(self):
        pass

    def shorten(self, url, alias=None):
        """Store ``url`` and return its code (``alias`` when one is given)."""
        raise NotImplementedError

    def resolve(self, code):
        """Return the url stored under ``code``; KeyError when there is none."""
        raise NotImplementedError
