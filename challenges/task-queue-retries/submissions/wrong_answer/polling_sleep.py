# Mistake: polling. While nothing is due the worker sleeps in fixed ticks of 0.25 s and
# looks again, instead of one sleep until the earliest due time.
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
                self._sleep(min(0.25, eta - now))
                continue
            task = heapq.heappop(self._heap)[2]
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
