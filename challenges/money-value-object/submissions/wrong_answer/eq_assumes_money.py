# Mistake: __eq__ reads the other operand's attributes without checking its type, so
# Money(100, "USD") == 100 raises AttributeError instead of being False.
from functools import total_ordering


def _valid_currency(currency):
    return len(currency) == 3 and all("A" <= ch <= "Z" for ch in currency)


@total_ordering
class Money:
    """An immutable amount of money in integer minor units (cents) of one currency."""

    __slots__ = ("_amount_cents", "_currency")

    def __init__(self, amount_cents, currency):
        if not isinstance(amount_cents, int) or isinstance(amount_cents, bool):
            raise TypeError("amount_cents must be an int")
        if not isinstance(currency, str):
            raise TypeError("currency must be a str")
        if not _valid_currency(currency):
            raise ValueError("currency must be three uppercase letters, got %r" % (currency,))
        object.__setattr__(self, "_amount_cents", amount_cents)
        object.__setattr__(self, "_currency", currency)

    @property
    def amount_cents(self):
        return self._amount_cents

    @property
    def currency(self):
        return self._currency

    def __setattr__(self, name, value):
        raise AttributeError("Money is immutable")

    def __delattr__(self, name):
        raise AttributeError("Money is immutable")

    def __repr__(self):
        return "Money(%d, %r)" % (self._amount_cents, self._currency)

    def __str__(self):
        sign = "-" if self._amount_cents < 0 else ""
        units, cents = divmod(abs(self._amount_cents), 100)
        return "%s%d.%02d %s" % (sign, units, cents, self._currency)

    def __eq__(self, other):
        return self._amount_cents == other._amount_cents and self._currency == other._currency

    def __hash__(self):
        return hash((self._amount_cents, self._currency))

    def _same_currency(self, other, verb):
        if self._currency != other._currency:
            raise ValueError("cannot %s %s and %s" % (verb, self._currency, other._currency))

    def __lt__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "compare")
        return self._amount_cents < other._amount_cents

    def __add__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "add")
        return Money(self._amount_cents + other._amount_cents, self._currency)

    def __sub__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "subtract")
        return Money(self._amount_cents - other._amount_cents, self._currency)
