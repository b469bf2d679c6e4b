# Mistake: stores the result but still calls the function on every delivery, returning the
# stored result afterwards: the caller sees the right value, but the side effect (charging a
# card, sending an email) happens again on every duplicate delivery.


class TaskInProgressError(Exception):
    pass


class IdempotentExecutor:
    def __init__(self, store=None):
        self.store = {} if store is None else store

    def execute(self, task_id, fn, *args, **kwargs):
        result = fn(*args, **kwargs)
        if task_id in self.store:
            return self.store[task_id]
        self.store[task_id] = result
        return result
