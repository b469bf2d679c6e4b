# DEADLOCK (TLE): one lock per account, but a transfer locks the SOURCE first, checks
# the funds, and only then locks the TARGET. Two opposite transfers (A->B and B->A),
# or a ring of transfers, each hold their first lock while waiting for the other's:
# the threads wait forever and the case hits the wall-clock cap. Everything else is
# correct (fix: always take the two locks in one global order, e.g. sorted by name).
import threading


class InsufficientFunds(Exception):
    pass


class Bank:
    def __init__(self, ledger):
        self._ledger = ledger
        self._locks = {account: threading.Lock() for account in ledger.accounts()}

    def _lock(self, account):
        if account not in self._locks:
            raise KeyError(account)
        return self._locks[account]

    @staticmethod
    def _check_amount(amount):
        if type(amount) is not int or amount <= 0:
            raise ValueError("amount must be a positive int")

    def balance(self, account):
        with self._lock(account):
            return self._ledger.get(account)

    def deposit(self, account, amount):
        self._check_amount(amount)
        with self._lock(account):
            new_balance = self._ledger.get(account) + amount
            self._ledger.set(account, new_balance)
            return new_balance

    def withdraw(self, account, amount):
        self._check_amount(amount)
        with self._lock(account):
            balance = self._ledger.get(account)
            if balance < amount:
                raise InsufficientFunds(account)
            self._ledger.set(account, balance - amount)
            return balance - amount

    def transfer(self, source, target, amount):
        self._check_amount(amount)
        source_lock, target_lock = self._lock(source), self._lock(target)
        if source == target:
            raise ValueError("same account")
        with source_lock:
            source_balance = self._ledger.get(source)
            if source_balance < amount:
                raise InsufficientFunds(source)
            with target_lock:
                target_balance = self._ledger.get(target)
                self._ledger.set(source, source_balance - amount)
                self._ledger.set(target, target_balance + amount)
