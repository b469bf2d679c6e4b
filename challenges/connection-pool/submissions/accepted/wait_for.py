# Also accepted: a different shape. Waits with Condition.wait_for and a predicate that
# also throws away broken idle connections, opens connections while holding the lock,
# and tracks checked-out connections in a list compared by identity.
import threading
import time
from contextlib import contextmanager


class PoolTimeout(TimeoutError):
    pass


class Pool:
    def __init__(self, factory, max_size, *, clock=time.monotonic, condition=None):
        self.factory = factory
        self.max_size = max_size
        self.clock = clock
        self.cond = condition or threading.Condition()
        self.idle = []
        self.busy = []

    def _open_count(self):
        return len(self.idle) + len(self.busy)

    def _ready(self):
        while self.idle and self.idle[-1].broken:
            self.idle.pop().close()
        return bool(self.idle) or self._open_count() < self.max_size

    def acquire(self, timeout=None):
        with self.cond:
            if not self.cond.wait_for(self._ready, timeout):
                raise PoolTimeout("pool exhausted")
            if self.idle:
                conn = self.idle.pop()
            else:
                conn = self.factory()
            self.busy.append(conn)
            return conn

    def release(self, conn):
        with self.cond:
            for index, held in enumerate(self.busy):
                if held is conn:
                    del self.busy[index]
                    break
            else:
                raise ValueError("not checked out from this pool")
            if conn.broken:
                conn.close()
            else:
                self.idle.append(conn)
            self.cond.notify_all()

    @contextmanager
    def connection(self, timeout=None):
        conn = self.acquire(timeout)
        try:
            yield conn
        finally:
            self.release(conn)
