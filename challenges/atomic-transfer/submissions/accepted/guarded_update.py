class InsufficientFunds(Exception):
    pass


class AccountNotFound(Exception):
    pass


def transfer(conn, from_id, to_id, amount):
    """Variant: deferred BEGIN, then a guarded UPDATE (balance >= amount) whose rowcount
    tells whether the debit happened; only on failure do we look at why."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError("amount must be a positive int")
    if from_id == to_id:
        raise ValueError("same account")
    conn.execute("BEGIN")
    try:
        exists = conn.execute(
            "SELECT COUNT(*) FROM accounts WHERE id IN (?, ?)", (from_id, to_id)).fetchone()[0]
        if exists != 2:
            raise AccountNotFound("unknown account")
        debit = conn.execute(
            "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
            (amount, from_id, amount))
        if debit.rowcount != 1:
            raise InsufficientFunds("not enough money")
        credit = conn.execute(
            "UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, to_id))
        if credit.rowcount != 1:
            raise AccountNotFound("unknown account")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
