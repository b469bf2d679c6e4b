# Mistake: @dataclass(frozen=True, order=True) gives immutability, __eq__ and __hash__ for
# free, but its generated ordering compares (amount_cents, currency) tuples, so comparing
# or sorting different currencies silently "works" instead of raising ValueError.
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Money:
    amount_cents: int
    currency: str

    def __post_init__(self):
        if not isinstance(self.amount_cents, int) or isinstance(self.amount_cents, bool):
            raise TypeError("amount_cents must be an int")
        if not isinstance(self.currency, str):
            raise TypeError("currency must be a str")
        if len(self.currency) != 3 or not all("A" <= ch <= "Z" for ch in self.currency):
            raise ValueError("bad currency")

    def __repr__(self):
        return "Money(%d, %r)" % (self.amount_cents, self.currency)

    def __str__(self):
        sign = "-" if self.amount_cents < 0 else ""
        units, cents = divmod(abs(self.amount_cents), 100)
        return "%s%d.%02d %s" % (sign, units, cents, self.currency)

    def _check(self, other):
        if self.currency != other.currency:
            raise ValueError("currency mismatch")

    def __add__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other)
        return Money(self.amount_cents + other.amount_cents, self.currency)

    def __sub__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other)
        return Money(self.amount_cents - other.amount_cents, self.currency)
