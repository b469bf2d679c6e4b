# Mistake: marks the task as done BEFORE running it (to "claim" it), so when the function
# fails the task stays recorded as done with no result: a retry after a failure never runs
# again and returns None, and a duplicate arriving while it runs gets None too.


class TaskInProgressError(Exception):
    pass


class IdempotentExecutor:
    def __init__(self, store=None):
        self.store = {} if store is None else store

    def execute(self, task_id, fn, *args, **kwargs):
        if task_id in self.store:
            return self.store[task_id]
        self.store[task_id] = None
        result = fn(*args, **kwargs)
        self.store[task_id] = result
        return result
