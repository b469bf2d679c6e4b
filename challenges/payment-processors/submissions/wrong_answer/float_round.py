# Mistake: computes percent fees with floats and round(), which rounds halves to even
# (14.5 -> 14) and loses cents on very large amounts.
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
        return round(amount * 0.029) + 30


class PayPalProcessor(PaymentProcessor):
    name = "paypal"

    def fee(self, amount):
        return round(amount * 0.0349) + 49


class CryptoProcessor(PaymentProcessor):
    name = "crypto"

    def fee(self, amount):
        return max(round(amount * 0.01), 100)


def checkout(processor, amount):
    if not isinstance(processor, PaymentProcessor):
        raise TypeError("processor must be a PaymentProcessor")
    return processor.process(amount)
