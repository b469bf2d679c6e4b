# Mistake: the base class is not abstract: fee() just raises NotImplementedError, so
# PaymentProcessor() and a subclass that forgets fee() can be instantiated.


def _half_up(amount, numerator, denominator):
    return (2 * amount * numerator + denominator) // (2 * denominator)


class PaymentProcessor:
    name = "abstract"

    def fee(self, amount):
        raise NotImplementedError("subclasses must implement fee()")

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
    if not isinstance(processor, PaymentProcessor):
        raise TypeError("processor must be a PaymentProcessor")
    return processor.process(amount)
