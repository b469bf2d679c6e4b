# Mistake: only records finished tasks. A duplicate that arrives while the first delivery
# is still running finds nothing in the store and runs the side effect a second time.


class TaskInProgressError(Exception):
    pass


class IdempotentExecutor:
    def __init__(self, store=None):
        self.store = {} if store is None else store

    def execute(self, task_id, fn, *args, **kwargs):
        if task_id in self.store:
            return self.store[task_id]
        result = fn(*args, **kwargs)
        self.store[task_id] = result
        return result
