# Mistake: rolls back correctly but raises a new TransactionError from the original
# error, so callers that catch ValueError, KeyboardInterrupt, ... no longer see their
# own exception.
from contextlib import contextmanager

_open_savepoints = {}


class TransactionError(Exception):
    pass


@contextmanager
def transaction(conn):
    if not conn.in_transaction:
        conn.execute("BEGIN")
        try:
            yield conn
        except BaseException as error:
            conn.execute("ROLLBACK")
            raise TransactionError("transaction rolled back: %s" % error) from error
        try:
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return

    depth = _open_savepoints.get(conn, 0) + 1
    name = "sp_%d" % depth
    conn.execute("SAVEPOINT " + name)
    _open_savepoints[conn] = depth
    try:
        try:
            yield conn
        except BaseException as error:
            conn.execute("ROLLBACK TO SAVEPOINT " + name)
            raise TransactionError("savepoint rolled back: %s" % error) from error
        conn.execute("RELEASE SAVEPOINT " + name)
    finally:
        _open_savepoints[conn] = depth - 1
