"""A second approach: a small context manager owns the transaction, and the optimistic
write compares the whole row it read (balance and version), not the version alone."""

import contextlib
import sqlite3


class Conflict(Exception):
    pass


class InsufficientFunds(Exception):
    pass


def _busy(error):
    return "locked" in str(error)


@contextlib.contextmanager
def _write_transaction(conn):
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if _busy(error):
            raise Conflict() from None
        raise
    ok = False
    try:
        yield
        ok = True
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT" if ok else "ROLLBACK")


def withdraw_locked(conn, account_id, amount):
    with _write_transaction(conn):
        balance = conn.execute("SELECT balance FROM accounts WHERE id = ?",
                               (account_id,)).fetchall()[0][0]
        if amount > balance:
            raise InsufficientFunds()
        conn.execute("UPDATE accounts SET version = version + 1, balance = ? WHERE id = ?",
                     (balance - amount, account_id))
    return balance - amount


def withdraw_optimistic(conn, account_id, amount):
    rows = conn.execute("SELECT version, balance FROM accounts WHERE id = ?",
                        (account_id,)).fetchall()
    version, balance = rows[0]
    if amount > balance:
        raise InsufficientFunds()
    try:
        result = conn.execute(
            "UPDATE accounts SET version = ?, balance = ?"
            " WHERE id = ? AND version = ? AND balance = ?",
            (version + 1, balance - amount, account_id, version, balance))
    except sqlite3.OperationalError as error:
        if _busy(error):
            raise Conflict() from None
        raise
    if result.rowcount == 0:
        raise Conflict()
    return balance - amount


def withdraw_retrying(conn, account_id, amount, attempts):
    attempt = 0
    while True:
        attempt += 1
        try:
            return withdraw_optimistic(conn, account_id, amount)
        except Conflict:
            if attempt >= attempts:
                raise
