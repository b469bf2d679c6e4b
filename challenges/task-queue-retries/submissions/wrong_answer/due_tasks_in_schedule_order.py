# Mistake: among the due tasks it runs the one scheduled first, not the one with the
# earliest due time: a retry scheduled early for a later time goes before a task that
# was scheduled later but has been due for longer.
import heapq
import itertools


class TaskQueue:
    def __init__(self, clock, sleep, max_retries=3, base_delay=1.0):
        self._clock = clock
        self._sleep = sleep
        self.max_retries = max_retries
        self.base_delay = base_delay
        self.dead_letters = []
        self._registry = {}
        self._heap = []                      # (eta, seq, task)
        self._seq = itertools.count()
        self._ids = itertools.count(1)

    def register(self, name, fn):
        self._registry[name] = fn

    def enqueue(self, name, *args, **kwargs):
        if name not in self._registry:
            raise KeyError(name)
        task = {"id": next(self._ids), "name": name, "args": args, "kwargs": kwargs,
                "failures": 0}
        self._schedule(self._clock(), task)
        return task["id"]

    def _schedule(self, eta, task):
        heapq.heappush(self._heap, (eta, next(self._seq), task))

    def run_until_empty(self):
        while self._heap:
            eta = self._heap[0][0]
            now = self._clock()
            if eta > now:
                self._sleep(eta - now)
                continue
            entry = min((e for e in self._heap if e[0] <= now), key=lambda e: e[1])
            self._heap.remove(entry)
            heapq.heapify(self._heap)
            task = entry[2]
            fn = self._registry[task["name"]]
            try:
                fn(*task["args"], **task["kwargs"])
            except Exception as error:
                task["failures"] += 1
                if task["failures"] > self.max_retries:
                    self.dead_letters.append({
                        "id": task["id"], "name": task["name"], "args": task["args"],
                        "kwargs": task["kwargs"], "attempts": task["failures"],
                        "error": error,
                    })
                else:
                    delay = self.base_delay * 2 ** (task["failures"] - 1)
                    self._schedule(self._clock() + delay, task)
