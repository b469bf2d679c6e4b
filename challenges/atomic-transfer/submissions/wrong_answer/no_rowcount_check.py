# Mistake: guarded debit, but the credit's rowcount is never checked: crediting an
# account that does not exist updates 0 rows and the debited money simply vanishes.


class InsufficientFunds(Exception):
    pass


class AccountNotFound(Exception):
    pass


def transfer(conn, from_id, to_id, amount):
    if type(amount) is not int or amount <= 0:
        raise ValueError("amount must be a positive int")
    if from_id == to_id:
        raise ValueError("same account")
    conn.execute("BEGIN IMMEDIATE")
    try:
        debit = conn.execute(
            "UPDATE accounts SET balance = balance - ? WHERE id = ? AND balance >= ?",
            (amount, from_id, amount))
        if debit.rowcount != 1:
            exists = conn.execute("SELECT 1 FROM accounts WHERE id = ?", (from_id,)).fetchone()
            if exists is None:
                raise AccountNotFound("unknown account")
            raise InsufficientFunds("not enough money")
        conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, to_id))
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
