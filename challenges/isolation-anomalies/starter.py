"""Withdrawals on a shared SQLite database that never lose an update. See statement.md."""

import sqlite3


class Conflict(Exception):
    """The withdrawal lost a race with another writer and changed nothing."""


class InsufficientFunds(Exception):
    """The balance is smaller than the amount."""


def withdraw_locked(conn, account_id, amount):
    """Pessimistic: take the write lock before reading. Return the new balance."""
    # TODO: this read-modify-write loses updates when two withdrawals interleave.
    (balance,) = conn.execute("SELECT balance FROM accounts WHERE id = ?",
                              (account_id,)).fetchone()
    if balance < amount:
        raise InsufficientFunds(account_id)
    conn.execute("UPDATE accounts SET balance = ? WHERE id = ?", (balance - amount, account_id))
    return balance - amount


def withdraw_optimistic(conn, account_id, amount):
    """Optimistic: read the version, write only if it is unchanged. Return the new balance."""
    raise NotImplementedError


def withdraw_retrying(conn, account_id, amount, attempts):
    """Optimistic, retried up to ``attempts`` times on a conflict. Return the new balance."""
    raise NotImplementedError
