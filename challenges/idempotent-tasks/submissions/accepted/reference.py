"""Reference: one record per task id in the store, ("running", None) or ("done", result)."""


class TaskInProgressError(Exception):
    """A delivery arrived while the same task is still running."""


_RUNNING = "running"
_DONE = "done"


class IdempotentExecutor:
    def __init__(self, store=None):
        self.store = {} if store is None else store

    def execute(self, task_id, fn, *args, **kwargs):
        record = self.store.get(task_id)
        if record is not None:
            state, result = record
            if state == _DONE:
                return result
            raise TaskInProgressError(task_id)
        self.store[task_id] = (_RUNNING, None)
        try:
            result = fn(*args, **kwargs)
        except BaseException:
            del self.store[task_id]
            raise
        self.store[task_id] = (_DONE, result)
        return result
