# WRONG ANSWER: one lock per METHOD instead of per account (or one for the bank).
# Two deposits exclude each other, but a deposit and a withdrawal (or a transfer) on
# the same account run at the same time and overwrite each other's update.
import threading


class InsufficientFunds(Exception):
    pass


class Bank:
    def __init__(self, ledger):
        self._ledger = ledger
        self._accounts = set(ledger.accounts())
        self._deposit_lock = threading.Lock()
        self._withdraw_lock = threading.Lock()
        self._transfer_lock = threading.Lock()

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
        with self._deposit_lock:
            new_balance = self._ledger.get(account) + amount
            self._ledger.set(account, new_balance)
            return new_balance

    def withdraw(self, account, amount):
        self._check_amount(amount)
        self._known(account)
        with self._withdraw_lock:
            balance = self._ledger.get(account)
            if balance < amount:
                raise InsufficientFunds(account)
            self._ledger.set(account, balance - amount)
            return balance - amount

    def transfer(self, source, target, amount):
        self._check_amount(amount)
        self._known(source)
        self._known(target)
        if source == target:
            raise ValueError("same account")
        with self._transfer_lock:
            source_balance = self._ledger.get(source)
            if source_balance < amount:
                raise InsufficientFunds(source)
            target_balance = self._ledger.get(target)
            self._ledger.set(source, source_balance - amount)
            self._ledger.set(target, target_balance + amount)
