# Mistake: one try/except around the whole delivery forgets the task on ANY exception,
# including the TaskInProgressError raised for a duplicate, so the first duplicate erases
# the running delivery's mark and the next duplicate runs the side effect a second time.


class TaskInProgressError(Exception):
    """A delivery arrived while the same task is still running."""


class IdempotentExecutor:
    def __init__(self, store=None):
        self.store = {} if store is None else store

    def execute(self, task_id, fn, *args, **kwargs):
        try:
            record = self.store.get(task_id)
            if record is not None:
                state, result = record
                if state == "done":
                    return result
                raise TaskInProgressError(task_id)
            self.store[task_id] = ("running", None)
            result = fn(*args, **kwargs)
            self.store[task_id] = ("done", result)
            return result
        except Exception:
            self.store.pop(task_id, None)
            raise
