# Mistake: one "busy" flag per executor instead of a running mark per task id, so a task
# that delivers a different task from inside its function (checkout delivers charge) gets
# TaskInProgressError although that other task never ran.


class TaskInProgressError(Exception):
    """A delivery arrived while the same task is still running."""


class IdempotentExecutor:
    def __init__(self, store=None):
        self.store = {} if store is None else store
        self.busy = False

    def execute(self, task_id, fn, *args, **kwargs):
        if task_id in self.store:
            return self.store[task_id]
        if self.busy:
            raise TaskInProgressError(task_id)
        self.busy = True
        try:
            result = fn(*args, **kwargs)
        finally:
            self.busy = False
        self.store[task_id] = result
        return result
