# WRONG ANSWER: the account is looked up before the amount is checked, so a call that
# is wrong on both counts raises KeyError where the rules' order says ValueError.
import threading


class InsufficientFunds(Exception):
    """The source account does not hold enough money."""


class Bank:
    """Deposits, withdrawals and transfers over a shared ledger, safe under threads.

    One lock per account; a transfer takes both locks in a fixed (sorted) order, so
    two opposite transfers can never deadlock.
    """

    def __init__(self, ledger):
        self._ledger = ledger
        self._locks = {account: threading.Lock() for account in ledger.accounts()}

    def _lock(self, account):
        try:
            return self._locks[account]
        except (KeyError, TypeError):
            raise KeyError(account) from None

    @staticmethod
    def _check_amount(amount):
        if type(amount) is not int or amount <= 0:
            raise ValueError("amount must be a positive int")

    def balance(self, account):
        with self._lock(account):
            return self._ledger.get(account)

    def deposit(self, account, amount):
        lock = self._lock(account)
        self._check_amount(amount)
        with lock:
            new_balance = self._ledger.get(account) + amount
            self._ledger.set(account, new_balance)
            return new_balance

    def withdraw(self, account, amount):
        lock = self._lock(account)
        self._check_amount(amount)
        with lock:
            balance = self._ledger.get(account)
            if balance < amount:
                raise InsufficientFunds("%s holds %d, cannot withdraw %d" % (account, balance, amount))
            self._ledger.set(account, balance - amount)
            return balance - amount

    def transfer(self, source, target, amount):
        source_lock, target_lock = self._lock(source), self._lock(target)
        self._check_amount(amount)
        if source == target:
            raise ValueError("cannot transfer to the same account")
        first, second = (source_lock, target_lock) if source < target else (target_lock, source_lock)
        with first, second:
            source_balance = self._ledger.get(source)
            if source_balance < amount:
                raise InsufficientFunds("%s holds %d, cannot transfer %d"
                                        % (source, source_balance, amount))
            target_balance = self._ledger.get(target)
            self._ledger.set(source, source_balance - amount)
            self._ledger.set(target, target_balance + amount)
