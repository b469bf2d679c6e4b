# WRONG ANSWER: checks for sufficient funds BEFORE taking the lock, then withdraws
# under the lock. Several threads can pass the check on the same money, so the
# account is overdrawn (check-then-act race). Deposits are correct.
import threading


class InsufficientFunds(Exception):
    pass


class Bank:
    def __init__(self, ledger):
        self._ledger = ledger
        self._accounts = set(ledger.accounts())
        self._lock = threading.Lock()

    def _known(self, account):
        if account not in self._accounts:
            raise KeyError(account)

    @staticmethod
    def _check_amount(amount):
        if type(amount) is not int or amount <= 0:
            raise ValueError("amount must be a positive int")

    def balance(self, account):
        self._known(account)
        with self._lock:
            return self._ledger.get(account)

    def deposit(self, account, amount):
        self._check_amount(amount)
        self._known(account)
        with self._lock:
            new_balance = self._ledger.get(account) + amount
            self._ledger.set(account, new_balance)
            return new_balance

    def withdraw(self, account, amount):
        self._check_amount(amount)
        self._known(account)
        if self._ledger.get(account) < amount:
            raise InsufficientFunds(account)
        with self._lock:
            new_balance = self._ledger.get(account) - amount
            self._ledger.set(account, new_balance)
            return new_balance

    def transfer(self, source, target, amount):
        self._check_amount(amount)
        self._known(source)
        self._known(target)
        if source == target:
            raise ValueError("same account")
        if self._ledger.get(source) < amount:
            raise InsufficientFunds(source)
        with self._lock:
            self._ledger.set(source, self._ledger.get(source) - amount)
            self._ledger.set(target, self._ledger.get(target) + amount)
