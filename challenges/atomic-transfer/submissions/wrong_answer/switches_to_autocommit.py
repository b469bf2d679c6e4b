# Mistake: puts the connection into autocommit mode (isolation_level = None) so that its own
# BEGIN IMMEDIATE is the only transaction, and never restores it: every later statement of
# the caller on this connection now commits on its own.
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
    if from_id == to_id:
        raise ValueError("cannot transfer to the same account")
    conn.isolation_level = None
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
