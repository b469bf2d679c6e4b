# TOO SLOW: correct, but it double-checks that no money was created or destroyed by
# summing every balance in the table before and after the transfer: O(accounts) work for
# each transfer instead of touching two rows.


class InsufficientFunds(Exception):
    pass


class AccountNotFound(Exception):
    pass


def _total(conn):
    return conn.execute("SELECT COALESCE(SUM(balance), 0) FROM accounts").fetchone()[0]


def transfer(conn, from_id, to_id, amount):
    if type(amount) is not int or amount <= 0:
        raise ValueError("amount must be a positive int")
    if from_id == to_id:
        raise ValueError("same account")
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = _total(conn)
        rows = dict(conn.execute(
            "SELECT id, balance FROM accounts WHERE id IN (?, ?)", (from_id, to_id)).fetchall())
        if from_id not in rows or to_id not in rows:
            raise AccountNotFound("unknown account")
        if rows[from_id] < amount:
            raise InsufficientFunds("not enough money")
        conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, from_id))
        conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, to_id))
        if _total(conn) != before:
            raise RuntimeError("money was created or destroyed")
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
