# Mistake: checkout dispatches with an isinstance chain over the three known classes
# instead of relying on polymorphism, so a processor class written later by another
# team is rejected with TypeError.
from abc import ABC, abstractmethod


def _half_up(amount, numerator, denominator):
    return (2 * amount * numerator + denominator) // (2 * denominator)


class PaymentProcessor(ABC):
    name = "abstract"

    @abstractmethod
    def fee(self, amount):
        ...

    def process(self, amount):
        if not isinstance(amount, int) or isinstance(amount, bool):
            raise TypeError("amount must be an int")
        if amount <= 0:
            raise ValueError("amount must be positive")
        fee = self.fee(amount)
        if fee >= amount:
            raise ValueError("amount does not cover the fee")
        return {"processor": self.name, "amount": amount, "fee": fee, "net": amount - fee}


class CardProcessor(PaymentProcessor):
    name = "card"

    def fee(self, amount):
        return _half_up(amount, 29, 1000) + 30


class PayPalProcessor(PaymentProcessor):
    name = "paypal"

    def fee(self, amount):
        return _half_up(amount, 349, 10000) + 49


class CryptoProcessor(PaymentProcessor):
    name = "crypto"

    def fee(self, amount):
        return max(_half_up(amount, 1, 100), 100)


def checkout(processor, amount):
    if isinstance(processor, CardProcessor):
        return processor.process(amount)
    elif isinstance(processor, PayPalProcessor):
        return processor.process(amount)
    elif isinstance(processor, CryptoProcessor):
        return processor.process(amount)
    raise TypeError("unsupported payment method: %r" % (processor,))
