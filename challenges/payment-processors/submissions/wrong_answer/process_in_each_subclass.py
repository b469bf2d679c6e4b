# Mistake: process() is declared abstract in the base and re-implemented in every
# subclass, so a new processor that only implements fee() (as the contract says) cannot
# even be instantiated.
from abc import ABC, abstractmethod


def _half_up(amount, numerator, denominator):
    return (2 * amount * numerator + denominator) // (2 * denominator)


def _charge(processor, amount):
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("amount must be an int")
    if amount <= 0:
        raise ValueError("amount must be positive")
    fee = processor.fee(amount)
    name = processor.name
    if fee >= amount:
        raise ValueError("amount does not cover the fee")
    return {"processor": name, "amount": amount, "fee": fee, "net": amount - fee}


class PaymentProcessor(ABC):
    name = "abstract"

    @abstractmethod
    def fee(self, amount):
        ...

    @abstractmethod
    def process(self, amount):
        ...


class CardProcessor(PaymentProcessor):
    name = "card"

    def fee(self, amount):
        return _half_up(amount, 29, 1000) + 30

    def process(self, amount):
        return _charge(self, amount)


class PayPalProcessor(PaymentProcessor):
    name = "paypal"

    def fee(self, amount):
        return _half_up(amount, 349, 10000) + 49

    def process(self, amount):
        return _charge(self, amount)


class CryptoProcessor(PaymentProcessor):
    name = "crypto"

    def fee(self, amount):
        return max(_half_up(amount, 1, 100), 100)

    def process(self, amount):
        return _charge(self, amount)


def checkout(processor, amount):
    if not isinstance(processor, PaymentProcessor):
        raise TypeError("processor must be a PaymentProcessor")
    return processor.process(amount)
