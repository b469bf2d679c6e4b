# Mistake: relies on the sqlite3 module's implicit transactions (`with conn:`). In
# autocommit mode every UPDATE commits on its own, so when the credit fails the debit
# has already been committed (money destroyed); and the balance is read before the
# implicit BEGIN, outside the transaction.


class InsufficientFunds(Exception):
    pass


class AccountNotFound(Exception):
    pass


def transfer(conn, from_id, to_id, amount):
    if type(amount) is not int or amount <= 0:
        raise ValueError("amount must be a positive int")
    if from_id == to_id:
        raise ValueError("same account")
    with conn:
        rows = dict(conn.execute(
            "SELECT id, balance FROM accounts WHERE id IN (?, ?)", (from_id, to_id)).fetchall())
        if from_id not in rows or to_id not in rows:
            raise AccountNotFound("unknown account")
        if rows[from_id] < amount:
            raise InsufficientFunds("not enough money")
        conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, from_id))
        conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, to_id))
