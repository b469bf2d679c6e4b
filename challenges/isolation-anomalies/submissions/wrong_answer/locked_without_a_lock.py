"""Mistake: withdraw_locked reads and writes without a transaction (autocommit), so a rival's
write between its SELECT and its UPDATE is silently overwritten: the lost update itself."""

import sqlite3


class Conflict(Exception):
    """The withdrawal lost a race with another writer and changed nothing."""


class InsufficientFunds(Exception):
    """The balance is smaller than the amount."""


def _is_busy(error):
    return isinstance(error, sqlite3.OperationalError) and "locked" in str(error)


def _read(conn, account_id):
    row = conn.execute("SELECT balance, version FROM accounts WHERE id = ?",
                       (account_id,)).fetchone()
    if row is None:
        raise KeyError(account_id)
    return row


def withdraw_locked(conn, account_id, amount):
    balance, _version = _read(conn, account_id)
    if balance < amount:
        raise InsufficientFunds(account_id)
    try:
        conn.execute("UPDATE accounts SET balance = ?, version = version + 1 WHERE id = ?",
                     (balance - amount, account_id))
    except sqlite3.OperationalError as error:
        if _is_busy(error):
            raise Conflict("another writer holds the lock") from error
        raise
    return balance - amount


def withdraw_optimistic(conn, account_id, amount):
    balance, version = _read(conn, account_id)
    if balance < amount:
        raise InsufficientFunds(account_id)
    try:
        changed = conn.execute(
            "UPDATE accounts SET balance = ?, version = version + 1"
            " WHERE id = ? AND version = ?",
            (balance - amount, account_id, version)).rowcount
    except sqlite3.OperationalError as error:
        if _is_busy(error):
            raise Conflict("another writer holds the lock") from error
        raise
    if changed != 1:
        raise Conflict("the row changed since it was read")
    return balance - amount


def withdraw_retrying(conn, account_id, amount, attempts):
    for _ in range(attempts):
        try:
            return withdraw_optimistic(conn, account_id, amount)
        except Conflict:
            continue
    raise Conflict("gave up after %d attempts" % attempts)
