import threading
import time
from contextlib import contextmanager


class PoolTimeout(Exception):
    """No connection became available within the timeout."""


class Pool:
    """A bounded connection pool.

    - ``factory()`` opens a new connection; ``conn.broken`` tells whether it is broken,
      ``conn.close()`` closes it.
    - At most ``max_size`` connections are open at once (idle + in use).
    - ``clock()`` gives the current time in seconds; ``condition`` (a
      ``threading.Condition``) must be used for all locking, waiting and notifying.
    """

    def __init__(self, factory, max_size, *, clock=time.monotonic, condition=None):
        self._factory = factory
        self._max_size = max_size
        self._clock = clock
        self._cond = condition if condition is not None else threading.Condition()

    def acquire(self, timeout=None):
        """Return a connection: the most recently released idle one, else a new one if
        fewer than max_size are open, else wait up to ``timeout`` seconds (None: no
        limit) for one to be released; raise PoolTimeout when the time is up."""
        raise NotImplementedError

    def release(self, conn):
        """Give a connection back (close and discard it if broken); ValueError if it is
        not checked out from this pool."""
        raise NotImplementedError

    @contextmanager
    def connection(self, timeout=None):
        """``with pool.connection() as conn:`` acquires, and always releases on exit."""
        raise NotImplementedError
        yield
