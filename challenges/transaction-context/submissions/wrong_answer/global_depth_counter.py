# Mistake: keeps one module-level savepoint counter shared by all connections, so a
# savepoint on connection b opened while one is open on connection a is named sp_2
# instead of sp_1.
from contextlib import contextmanager

_depth = 0


@contextmanager
def transaction(conn):
    global _depth
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

    _depth += 1
    name = "sp_%d" % _depth
    conn.execute("SAVEPOINT " + name)
    try:
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO SAVEPOINT " + name)
            raise
        conn.execute("RELEASE SAVEPOINT " + name)
    finally:
        _depth -= 1
