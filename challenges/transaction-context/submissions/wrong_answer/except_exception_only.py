# Mistake: catches `Exception` instead of `BaseException`, so KeyboardInterrupt and
# SystemExit skip the ROLLBACK and leave the transaction open.
from contextlib import contextmanager

_open_savepoints = {}


@contextmanager
def transaction(conn):
    if not conn.in_transaction:
        conn.execute("BEGIN")
        try:
            yield conn
        except Exception:
            conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except Exception:
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
        except Exception:
            conn.execute("ROLLBACK TO SAVEPOINT " + name)
            raise
        conn.execute("RELEASE SAVEPOINT " + name)
    finally:
        _open_savepoints[conn] = depth - 1
