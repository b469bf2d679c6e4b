# Mistake: no check that the two accounts differ; a transfer to the same account debits and
# credits it (a no-op that succeeds) instead of being refused with ValueError.
class InsufficientFunds(Exception):
    """The source account's balance does not cover the amount."""


class AccountNotFound(Exception):
    """One of the two accounts does not exist."""


def transfer(conn, from_id, to_id, amount):
    """Move ``amount`` from one account to another, all or nothing.

    The transaction is opened explicitly with BEGIN IMMEDIATE (the write lock is taken
    before the balance is read, so nobody can change it in between), which also works
    when the connection is in autocommit mode. Any failure rolls everything back and the
    exception propagates unchanged.
    """
    if type(amount) is not int or amount <= 0:
        raise ValueError("amount must be a positive int")
    conn.execute("BEGIN IMMEDIATE")
    try:
        rows = conn.execute(
            "SELECT id, balance FROM accounts WHERE id IN (?, ?)", (from_id, to_id)
        ).fetchall()
        balances = dict(rows)
        if from_id not in balances or to_id not in balances:
            raise AccountNotFound("unknown account")
        if balances[from_id] < amount:
            raise InsufficientFunds("balance %d < %d" % (balances[from_id], amount))
        conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, from_id))
        conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, to_id))
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
