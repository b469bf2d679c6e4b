# Mistake: wraps the task's failure in an error of its own ("the task failed") instead of
# letting the very same exception propagate, so callers that retry on ConnectionError or
# report a ValueError to the user never see the exception the task raised.


class TaskInProgressError(Exception):
    """A delivery arrived while the same task is still running."""


class TaskFailedError(Exception):
    """The task's function raised."""


class IdempotentExecutor:
    def __init__(self, store=None):
        self.store = {} if store is None else store

    def execute(self, task_id, fn, *args, **kwargs):
        record = self.store.get(task_id)
        if record is not None:
            state, result = record
            if state == "done":
                return result
            raise TaskInProgressError(task_id)
        self.store[task_id] = ("running", None)
        try:
            result = fn(*args, **kwargs)
        except Exception as error:
            del self.store[task_id]
            raise TaskFailedError(f"task {task_id!r} failed") from error
        self.store[task_id] = ("done", result)
        return result
