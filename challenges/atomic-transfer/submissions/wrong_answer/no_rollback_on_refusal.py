# Mistake: raises InsufficientFunds / AccountNotFound without rolling back, so the
# transaction opened by BEGIN IMMEDIATE stays open (holding the write lock) after the call.


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
    rows = dict(conn.execute(
        "SELECT id, balance FROM accounts WHERE id IN (?, ?)", (from_id, to_id)).fetchall())
    if from_id not in rows or to_id not in rows:
        raise AccountNotFound("unknown account")
    if rows[from_id] < amount:
        raise InsufficientFunds("not enough money")
    try:
        conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, from_id))
        conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, to_id))
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
