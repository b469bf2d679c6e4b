# Mistake: __exit__ rolls back but then returns True, which tells Python the exception
# was handled: the error is silently swallowed and the code after the with block runs
# as if everything had worked.

_open_savepoints = {}


class transaction:
    def __init__(self, conn):
        self.conn = conn
        self.name = None

    def __enter__(self):
        conn = self.conn
        if conn.in_transaction:
            self.depth = _open_savepoints.get(conn, 0) + 1
            _open_savepoints[conn] = self.depth
            self.name = "sp_%d" % self.depth
            conn.execute("SAVEPOINT " + self.name)
        else:
            conn.execute("BEGIN")
        return conn

    def __exit__(self, exc_type, exc, tb):
        conn = self.conn
        if self.name is not None:
            _open_savepoints[conn] = self.depth - 1
            if exc_type is None:
                conn.execute("RELEASE SAVEPOINT " + self.name)
            else:
                conn.execute("ROLLBACK TO SAVEPOINT " + self.name)
            return True
        if exc_type is None:
            try:
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        else:
            conn.execute("ROLLBACK")
        return True
