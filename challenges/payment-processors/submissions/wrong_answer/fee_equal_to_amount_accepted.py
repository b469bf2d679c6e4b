# Mistake: rejects only a fee above the amount (fee > amount), so a payment that exactly
# covers its fee goes through with a net of 0 instead of raising ValueError.
from abc import ABC, abstractmethod


def _percent_fee(amount, numerator, denominator):
    """amount * numerator / denominator, rounded to the nearest cent, halves up."""
    return (2 * amount * numerator + denominator) // (2 * denominator)


class PaymentProcessor(ABC):
    """A payment method. Subclasses set ``name`` and implement ``fee``."""

    name = "abstract"

    @abstractmethod
    def fee(self, amount):
        """The fee in cents for charging ``amount`` cents (a positive int)."""

    def process(self, amount):
        if type(amount) is not int:
            raise TypeError("amount must be an int number of cents")
        if amount <= 0:
            raise ValueError("amount must be positive")
        fee = self.fee(amount)
        if fee > amount:
            raise ValueError("amount does not cover the fee")
        return {"processor": self.name, "amount": amount, "fee": fee, "net": amount - fee}


class CardProcessor(PaymentProcessor):
    name = "card"

    def fee(self, amount):
        return _percent_fee(amount, 29, 1000) + 30  # 2.9 % + 30 cents


class PayPalProcessor(PaymentProcessor):
    name = "paypal"

    def fee(self, amount):
        return _percent_fee(amount, 349, 10000) + 49  # 3.49 % + 49 cents


class CryptoProcessor(PaymentProcessor):
    name = "crypto"

    def fee(self, amount):
        return max(_percent_fee(amount, 1, 100), 100)  # 1 %, at least 100 cents


def checkout(processor, amount):
    if not isinstance(processor, PaymentProcessor):
        raise TypeError("processor must be a PaymentProcessor")
    return processor.process(amount)
