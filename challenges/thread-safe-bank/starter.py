import threading


class InsufficientFunds(Exception):
    """Raised when an account does not hold enough money."""


class Bank:
    """A bank over a shared ledger; every method may be called from many threads.

    The ledger has ``accounts()``, ``get(account)`` and ``set(account, balance)``;
    it is the only place where balances live.
    """

    def __init__(self, ledger):
        self._ledger = ledger
        # TODO: locks

    def balance(self, account):
        return self._ledger.get(account)

    def deposit(self, account, amount):
        # TODO: validate the amount; make the read-modify-write atomic.
        new_balance = self._ledger.get(account) + amount
        self._ledger.set(account, new_balance)
        return new_balance

    def withdraw(self, account, amount):
        # TODO
        raise NotImplementedError

    def transfer(self, source, target, amount):
        # TODO
        raise NotImplementedError
