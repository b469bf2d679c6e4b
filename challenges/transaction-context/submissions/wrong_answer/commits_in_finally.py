# Mistake: puts COMMIT in a `finally:` clause, so the transaction is committed even when
# the block raised: partial work is saved (the exception does propagate).
from contextlib import contextmanager

_open_savepoints = {}


@contextmanager
def transaction(conn):
    if not conn.in_transaction:
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")
        return

    depth = _open_savepoints.get(conn, 0) + 1
    name = "sp_%d" % depth
    conn.execute("SAVEPOINT " + name)
    _open_savepoints[conn] = depth
    try:
        yield conn
    finally:
        _open_savepoints[conn] = depth - 1
        conn.execute("RELEASE SAVEPOINT " + name)
