# Mistake: reserves a slot before calling the factory but does not give it back when the
# factory raises: every failed connect permanently shrinks the pool.
import threading
import time
from contextlib import contextmanager


class PoolTimeout(Exception):
    """No connection became available within the timeout."""


class Pool:
    """A bounded pool: at most ``max_size`` connections open at once."""

    def __init__(self, factory, max_size, *, clock=time.monotonic, condition=None):
        if max_size < 1:
            raise ValueError("max_size must be at least 1")
        self._factory = factory
        self._max_size = max_size
        self._clock = clock
        self._cond = condition if condition is not None else threading.Condition()
        self._idle = []      # a stack: the most recently released connection is last
        self._in_use = {}    # id(conn) -> conn, for the connections handed out
        self._size = 0       # open connections (idle + in use + being created)

    def acquire(self, timeout=None):
        deadline = None if timeout is None else self._clock() + timeout
        with self._cond:
            while True:
                while self._idle:
                    conn = self._idle.pop()
                    if conn.broken:          # went bad while idle
                        self._discard(conn)
                        continue
                    self._in_use[id(conn)] = conn
                    return conn
                if self._size < self._max_size:
                    self._size += 1          # reserve the slot, connect outside the lock
                    break
                # Full: wait for a release. Loop, because the connection we were woken
                # for may be taken by someone else before we get the lock back.
                if deadline is None:
                    self._cond.wait()
                else:
                    remaining = deadline - self._clock()
                    if remaining <= 0:
                        raise PoolTimeout("no connection available within %r s" % timeout)
                    self._cond.wait(remaining)
        conn = self._factory()
        with self._cond:
            self._in_use[id(conn)] = conn
        return conn

    def release(self, conn):
        with self._cond:
            if self._in_use.get(id(conn)) is not conn:
                raise ValueError("connection is not checked out from this pool")
            del self._in_use[id(conn)]
            if conn.broken:
                self._discard(conn)          # frees a slot: a waiter may connect anew
            else:
                self._idle.append(conn)
            self._cond.notify()

    def _discard(self, conn):
        """Forget a broken connection and close it (the lock is held)."""
        self._size -= 1
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - it is broken already; never leak the slot
            pass

    @contextmanager
    def connection(self, timeout=None):
        conn = self.acquire(timeout)
        try:
            yield conn
        finally:
            self.release(conn)
