# Mistake: uses the function's name as the idempotency key instead of the task id, so
# two different tasks that call the same function (charge order 1, charge order 2) are
# treated as duplicates: the second never runs and gets the first one's result.


class TaskInProgressError(Exception):
    pass


class IdempotentExecutor:
    def __init__(self, store=None):
        self.store = {} if store is None else store

    def execute(self, task_id, fn, *args, **kwargs):
        key = fn.__name__
        record = self.store.get(key)
        if record is not None:
            state, result = record
            if state == "done":
                return result
            raise TaskInProgressError(task_id)
        self.store[key] = ("running", None)
        try:
            result = fn(*args, **kwargs)
        except Exception:
            del self.store[key]
            raise
        self.store[key] = ("done", result)
        return result
