# WRONG ANSWER: off by one in the funds check (balance <= amount is refused), so a
# withdrawal or transfer of the whole balance fails with InsufficientFunds.
import threading


class InsufficientFunds(Exception):
    pass


class Bank:
    """The simplest correct design: one lock around every operation."""

    def __init__(self, ledger):
        self._ledger = ledger
        self._accounts = set(ledger.accounts())
        self._lock = threading.Lock()

    def _known(self, account):
        if account not in self._accounts:
            raise KeyError(account)

    @staticmethod
    def _check_amount(amount):
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
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
        with self._lock:
            balance = self._ledger.get(account)
            if balance <= amount:
                raise InsufficientFunds(account)
            self._ledger.set(account, balance - amount)
            return balance - amount

    def transfer(self, source, target, amount):
        self._check_amount(amount)
        self._known(source)
        self._known(target)
        if source == target:
            raise ValueError("same account")
        with self._lock:
            source_balance = self._ledger.get(source)
            if source_balance <= amount:
                raise InsufficientFunds(source)
            target_balance = self._ledger.get(target)
            self._ledger.set(source, source_balance - amount)
            self._ledger.set(target, target_balance + amount)
