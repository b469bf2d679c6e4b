# Mistake: never validates the amount. A negative amount passes the balance check and
# moves money the wrong way (from the destination into the source).


class InsufficientFunds(Exception):
    pass


class AccountNotFound(Exception):
    pass


def transfer(conn, from_id, to_id, amount):
    if from_id == to_id:
        raise ValueError("same account")
    conn.execute("BEGIN IMMEDIATE")
    try:
        rows = dict(conn.execute(
            "SELECT id, balance FROM accounts WHERE id IN (?, ?)", (from_id, to_id)).fetchall())
        if from_id not in rows or to_id not in rows:
            raise AccountNotFound("unknown account")
        if rows[from_id] < amount:
            raise InsufficientFunds("not enough money")
        conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, from_id))
        conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, to_id))
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
