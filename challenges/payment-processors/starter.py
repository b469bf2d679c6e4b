"""Payment processors. See statement.md.

All amounts are integer cents. Percent fees round to the nearest cent, halves up.
"""
from abc import ABC, abstractmethod


class PaymentProcessor(ABC):
    """Abstract payment method: subclasses set ``name`` and implement ``fee``."""

    name = "abstract"

    @abstractmethod
    def fee(self, amount):
        """Return the fee in cents for charging ``amount`` cents (a positive int)."""

    def process(self, amount):
        """Validate ``amount``, compute the fee and return the receipt dict:
        {"processor": self.name, "amount": amount, "fee": fee, "net": amount - fee}
        """
        # TODO: TypeError for a non-int (or bool) amount, ValueError for amount <= 0
        # or a fee that is not below the amount.
        raise NotImplementedError


class CardProcessor(PaymentProcessor):
    name = "card"

    def fee(self, amount):
        # TODO: 2.9 % (rounded, halves up) + 30 cents
        raise NotImplementedError


class PayPalProcessor(PaymentProcessor):
    name = "paypal"

    def fee(self, amount):
        # TODO: 3.49 % (rounded, halves up) + 49 cents
        raise NotImplementedError


class CryptoProcessor(PaymentProcessor):
    name = "crypto"

    def fee(self, amount):
        # TODO: 1 % (rounded, halves up), at least 100 cents
        raise NotImplementedError


def checkout(processor, amount):
    """Charge ``amount`` with any PaymentProcessor and return its receipt."""
    raise NotImplementedError
