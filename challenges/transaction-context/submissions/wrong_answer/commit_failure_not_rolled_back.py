# Mistake: the textbook contextmanager: when COMMIT itself raises (a deferred constraint),
# the error propagates but nobody issues ROLLBACK, so the connection stays stuck in a
# failed transaction and the next BEGIN is rejected.
from contextlib import contextmanager

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
        conn.execute("COMMIT")
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
        _open_savepoints[conn] = depth - 1
