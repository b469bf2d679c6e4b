# Mistake: stores only the result and uses None to mean "not done yet", so a task whose
# result is None is never considered done: every duplicate delivery runs it again.


class TaskInProgressError(Exception):
    pass


_RUNNING = object()


class IdempotentExecutor:
    def __init__(self, store=None):
        self.store = {} if store is None else store

    def execute(self, task_id, fn, *args, **kwargs):
        result = self.store.get(task_id)
        if result is _RUNNING:
            raise TaskInProgressError(task_id)
        if result is not None:
            return result
        self.store[task_id] = _RUNNING
        try:
            result = fn(*args, **kwargs)
        except Exception:
            del self.store[task_id]
            raise
        self.store[task_id] = result
        return result
