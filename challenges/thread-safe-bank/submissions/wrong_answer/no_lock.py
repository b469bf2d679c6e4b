# WRONG ANSWER: no locking at all. Correct one call at a time, but concurrent
# read-modify-write sequences (get, then set) overwrite each other: lost deposits,
# double-spent withdrawals.
class InsufficientFunds(Exception):
    pass


class Bank:
    def __init__(self, ledger):
        self._ledger = ledger
        self._accounts = set(ledger.accounts())

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
        self._ledger.set(account, new_balance)
        return new_balance

    def withdraw(self, account, amount):
        self._check_amount(amount)
        self._known(account)
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
        source_balance = self._ledger.get(source)
        if source_balance < amount:
            raise InsufficientFunds(source)
        target_balance = self._ledger.get(target)
        self._ledger.set(source, source_balance - amount)
        self._ledger.set(target, target_balance + amount)
