"""Mistake: the retry re-reads the version but keeps the balance computed on the first
attempt, so the retried UPDATE succeeds with a stale value and undoes the rival's write."""

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
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if _is_busy(error):
            raise Conflict("another writer holds the lock") from error
        raise
    try:
        balance, _version = _read(conn, account_id)
        if balance < amount:
            raise InsufficientFunds(account_id)
        conn.execute("UPDATE accounts SET balance = ?, version = version + 1 WHERE id = ?",
                     (balance - amount, account_id))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
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
    balance, version = _read(conn, account_id)
    if balance < amount:
        raise InsufficientFunds(account_id)
    new_balance = balance - amount
    for _ in range(attempts):
        changed = conn.execute(
            "UPDATE accounts SET balance = ?, version = version + 1"
            " WHERE id = ? AND version = ?",
            (new_balance, account_id, version)).rowcount
        if changed == 1:
            return new_balance
        (version,) = conn.execute("SELECT version FROM accounts WHERE id = ?",
                                  (account_id,)).fetchone()
    raise Conflict("gave up after %d attempts" % attempts)
