"""Idempotent task execution for at-least-once delivery. See statement.md."""


class TaskInProgressError(Exception):
    """Raised when a task is delivered again while it is still running."""


class IdempotentExecutor:
    def __init__(self, store=None):
        """``store`` is a dict-like object shared by cooperating executors.

        With no store, the executor uses a new, private dict.
        """
        self.store = {} if store is None else store

    def execute(self, task_id, fn, *args, **kwargs):
        """Run ``fn(*args, **kwargs)`` at most once (successfully) per ``task_id``."""
        # TODO: look the task up in the store, run it if needed, record the outcome.
        return fn(*args, **kwargs)
