# Mistake: integer division truncates the percent part (14.9 -> 14) instead of rounding
# to the nearest cent with halves up.
from abc import ABC, abstractmethod


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
        return amount * 29 // 1000 + 30


class PayPalProcessor(PaymentProcessor):
    name = "paypal"

    def fee(self, amount):
        return amount * 349 // 10000 + 49


class CryptoProcessor(PaymentProcessor):
    name = "crypto"

    def fee(self, amount):
        return max(amount // 100, 100)


def checkout(processor, amount):
    if not isinstance(processor, PaymentProcessor):
        raise TypeError("processor must be a PaymentProcessor")
    return processor.process(amount)
