# Mistake: decides between BEGIN and SAVEPOINT with its own per-connection depth counter
# instead of conn.in_transaction, so a block opened inside a transaction that someone
# else began issues BEGIN (rejected by the database) instead of a savepoint.
from contextlib import contextmanager

_depth = {}


@contextmanager
def transaction(conn):
    depth = _depth.get(conn, 0)
    _depth[conn] = depth + 1
    try:
        if depth == 0:
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
        else:
            name = "sp_%d" % depth
            conn.execute("SAVEPOINT " + name)
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK TO SAVEPOINT " + name)
                raise
            conn.execute("RELEASE SAVEPOINT " + name)
    finally:
        _depth[conn] = depth
