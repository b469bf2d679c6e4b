"""An in-process task queue with retries, exponential backoff and a dead-letter list.

See statement.md for the full specification.
"""


class TaskQueue:
    def __init__(self, clock, sleep, max_retries=3, base_delay=1.0):
        """``clock()`` returns the current time in seconds; ``sleep(seconds)`` waits.

        Never use the time module: always go through ``clock`` and ``sleep``.
        """
        self.clock = clock
        self.sleep = sleep
        self.max_retries = max_retries
        self.base_delay = base_delay
        self.dead_letters = []   # dicts: id, name, args, kwargs, attempts, error

    def register(self, name, fn):
        """Register ``fn`` as the task called ``name``."""
        raise NotImplementedError

    def enqueue(self, name, *args, **kwargs):
        """Schedule ``name(*args, **kwargs)`` to run now; return its id (1, 2, 3, ...).

        Raise KeyError if no task called ``name`` is registered.
        """
        raise NotImplementedError

    def run_until_empty(self):
        """Run due tasks (retrying failures with backoff) until nothing is left."""
        raise NotImplementedError
