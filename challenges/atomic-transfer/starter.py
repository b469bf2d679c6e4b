import sqlite3


class InsufficientFunds(Exception):
    """The source account's balance does not cover the amount."""


class AccountNotFound(Exception):
    """The source or the destination account does not exist."""


def transfer(conn, from_id, to_id, amount):
    """Move ``amount`` from account ``from_id`` to account ``to_id``, all or nothing.

    Table: accounts(id INTEGER PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER NOT NULL)

    - ``amount`` not a positive int, or ``from_id == to_id``: raise ValueError.
    - either account missing: raise AccountNotFound.
    - balance of ``from_id`` below ``amount``: raise InsufficientFunds.
    - any database error: roll back, then let the exception propagate unchanged.
    - success: both updates committed together.
    The connection may be in autocommit mode (isolation_level=None): manage the
    transaction yourself, and never leave one open when you return or raise.
    """
    raise NotImplementedError("transfer is not implemented yet")
