"""A transaction context manager. See statement.md."""


def transaction(conn):
    """Return a context manager that runs its block in a transaction on ``conn``.

    Outermost block (conn.in_transaction is false): BEGIN, then COMMIT on success or
    ROLLBACK on any exception (including KeyboardInterrupt), re-raising it.
    Nested block (conn.in_transaction is true): SAVEPOINT sp_N, then
    RELEASE SAVEPOINT sp_N on success or ROLLBACK TO SAVEPOINT sp_N on an exception,
    re-raising it. ``with transaction(conn) as c`` gives ``c is conn``.
    """
    raise NotImplementedError("transaction is not implemented yet")
