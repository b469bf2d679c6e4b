# Mistake: checks the balance first and only then opens the transaction. Another client
# can withdraw between the check and the BEGIN, and the transfer then overdraws the
# account (check-then-act race).


class InsufficientFunds(Exception):
    pass


class AccountNotFound(Exception):
    pass


def transfer(conn, from_id, to_id, amount):
    if type(amount) is not int or amount <= 0:
        raise ValueError("amount must be a positive int")
    if from_id == to_id:
        raise ValueError("same account")
    rows = dict(conn.execute(
        "SELECT id, balance FROM accounts WHERE id IN (?, ?)", (from_id, to_id)).fetchall())
    if from_id not in rows or to_id not in rows:
        raise AccountNotFound("unknown account")
    if rows[from_id] < amount:
        raise InsufficientFunds("not enough money")
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, from_id))
        conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, to_id))
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
