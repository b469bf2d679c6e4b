# Mistake: marks the task as running but never clears the marker when the function raises,
# so after one failure every retry of that task is rejected with TaskInProgressError
# forever instead of running again.


class TaskInProgressError(Exception):
    pass


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
        result = fn(*args, **kwargs)
        self.store[task_id] = ("done", result)
        return result
