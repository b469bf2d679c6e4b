# Mistake: results go to the shared store, but the "running" markers are kept in a set on
# the executor itself, so a duplicate delivered to ANOTHER worker sharing the same store
# while the task runs is not seen as in progress and runs the side effect again.


class TaskInProgressError(Exception):
    pass


class IdempotentExecutor:
    def __init__(self, store=None):
        self.store = {} if store is None else store
        self.running = set()

    def execute(self, task_id, fn, *args, **kwargs):
        if task_id in self.store:
            return self.store[task_id]
        if task_id in self.running:
            raise TaskInProgressError(task_id)
        self.running.add(task_id)
        try:
            result = fn(*args, **kwargs)
        finally:
            self.running.discard(task_id)
        self.store[task_id] = result
        return result
