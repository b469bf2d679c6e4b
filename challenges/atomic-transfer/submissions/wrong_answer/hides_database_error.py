# Mistake: rolls back correctly, but catches the database error and returns False
# instead of letting it propagate, so the caller believes nothing went wrong.
import sqlite3


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
        rows = dict(conn.execute(
            "SELECT id, balance FROM accounts WHERE id IN (?, ?)", (from_id, to_id)).fetchall())
        if from_id not in rows or to_id not in rows:
            raise AccountNotFound("unknown account")
        if rows[from_id] < amount:
            raise InsufficientFunds("not enough money")
        conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, from_id))
        conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, to_id))
    except sqlite3.Error:
        conn.rollback()
        return False
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return True
