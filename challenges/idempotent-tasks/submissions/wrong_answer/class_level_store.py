# Mistake: the default store is a class attribute (a mutable default shared by every
# instance), so executors created without a store all share one store instead of each
# having its own.


class TaskInProgressError(Exception):
    pass


class IdempotentExecutor:
    store = {}

    def __init__(self, store=None):
        if store is not None:
            self.store = store

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
        except Exception:
            del self.store[task_id]
            raise
        self.store[task_id] = ("done", result)
        return result
