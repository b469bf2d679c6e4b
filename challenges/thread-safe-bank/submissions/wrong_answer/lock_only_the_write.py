# WRONG ANSWER: takes the lock only around the ledger writes. The read happens before
# the lock, so two threads can read the same old balance and the second write still
# overwrites the first: the lock does not cover the read-modify-write.
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
        return self._ledger.get(account)

    def deposit(self, account, amount):
        self._check_amount(amount)
        self._known(account)
        new_balance = self._ledger.get(account) + amount
        with self._lock:
            self._ledger.set(account, new_balance)
        return new_balance

    def withdraw(self, account, amount):
        self._check_amount(amount)
        self._known(account)
        balance = self._ledger.get(account)
        if balance < amount:
            raise InsufficientFunds(account)
        with self._lock:
            self._ledger.set(account, balance - amount)
        return balance - amount

    def transfer(self, source, target, amount):
        self._check_amount(amount)
        self._known(source)
        self._known(target)
        if source == target:
            raise ValueError("same account")
        source_balance = self._ledger.get(source)
        if source_balance < amount:
            raise InsufficientFunds(source)
        target_balance = self._ledger.get(target)
        with self._lock:
            self._ledger.set(source, source_balance - amount)
            self._ledger.set(target, target_balance + amount)
