"""A transaction context manager with savepoints for nested blocks."""
from contextlib import contextmanager

# Open savepoint blocks per connection (keyed by the connection object itself).
_open_savepoints = {}


@contextmanager
def transaction(conn):
    if not conn.in_transaction:
        conn.execute("BEGIN")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
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
        except BaseException:
            conn.execute("ROLLBACK TO SAVEPOINT " + name)
            raise
        conn.execute("RELEASE SAVEPOINT " + name)
    finally:
        if depth == 1:
            del _open_savepoints[conn]
        else:
            _open_savepoints[conn] = depth - 1
