# Mistake: no nesting support: every block issues BEGIN/COMMIT, so an inner block tries
# to start a transaction inside a transaction (rejected by the database) and its COMMIT
# would end the outer transaction early.
from contextlib import contextmanager


@contextmanager
def transaction(conn):
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
