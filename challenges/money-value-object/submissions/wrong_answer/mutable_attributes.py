# Mistake: a plain class with public attributes. It hashes (amount_cents, currency), but
# nothing stops `m.amount_cents = 1`, which also changes the hash of an object that is
# already in a set or used as a dict key (it can no longer be found).


class Money:
    def __init__(self, amount_cents, currency):
        if not isinstance(amount_cents, int) or isinstance(amount_cents, bool):
            raise TypeError("amount_cents must be an int")
        if not isinstance(currency, str):
            raise TypeError("currency must be a str")
        if len(currency) != 3 or not all("A" <= ch <= "Z" for ch in currency):
            raise ValueError("bad currency")
        self.amount_cents = amount_cents
        self.currency = currency

    def __repr__(self):
        return "Money(%d, %r)" % (self.amount_cents, self.currency)

    def __str__(self):
        sign = "-" if self.amount_cents < 0 else ""
        units, cents = divmod(abs(self.amount_cents), 100)
        return "%s%d.%02d %s" % (sign, units, cents, self.currency)

    def __eq__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        return (self.amount_cents, self.currency) == (other.amount_cents, other.currency)

    def __hash__(self):
        return hash((self.amount_cents, self.currency))

    def _check(self, other):
        if self.currency != other.currency:
            raise ValueError("currency mismatch")

    def __lt__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other)
        return self.amount_cents < other.amount_cents

    def __le__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other)
        return self.amount_cents <= other.amount_cents

    def __gt__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other)
        return self.amount_cents > other.amount_cents

    def __ge__(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        self._check(other)
        return self.amount_cents >= other.amount_cents

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
