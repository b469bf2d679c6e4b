"""Custom harness for the task-queue-retries challenge.

Input schema (``case_input`` is a dict):

    {"start": float,                  fake clock's start time (default 0.0)
     "config": {"max_retries": int, "base_delay": number},
                                      keyword arguments for TaskQueue; a key that is left
                                      out is not passed (so the defaults are tested)
     "register": [NAME, ...],         task names registered (each with its own harness task)
     "plans": {LABEL: PLAN, ...},     how the task whose first argument is LABEL behaves
     "steps": [STEP, ...]}

    PLAN  = {"fail": int | "always",  the first ``fail`` attempts raise (default 0)
             "error": "RuntimeError" | "ValueError" | "ConnectionError" | "TimeoutError",
             "seconds": number,       the fake clock advances this much while it runs
             "enqueue": [[NAME, [args...], {kwargs...}], ...]}
                                      tasks it enqueues (on its first attempt only)
    STEP  = ["enqueue", NAME, [args...], {kwargs...}]   queue.enqueue(NAME, *args, **kwargs)
          | ["advance", seconds]                          move the fake clock forward
          | ["run"]                                       queue.run_until_empty()

Every harness task logs each call it receives; attempt ``n`` of LABEL raises
ERROR("<LABEL> attempt <n> failed") while n <= fail. The harness's ``sleep(s)`` records ``s``
and advances the fake clock by ``s``.

Output:
    {"steps":  [per step: the id returned by enqueue | null | {"raised": TYPE}],
     "log":    [{"t": clock at call, "task": NAME, "args": [...], "kwargs": {...},
                 "attempt": n, "outcome": "ok" | ERROR TYPE, ("enqueued": [ids])}, ...],
     "sleeps": [seconds, ...],
     "dead_letters": [{"id", "name", "args", "kwargs", "attempts",
                       "error": {"type", "message", "attempt": which attempt raised it}}],
     "clock":  final fake time}
or, when the queue never stops (more than 5000 task calls, 5000 sleeps or 10^6 clock
reads), {"runaway": WHAT, "log_head": first 12 log entries}.

Everything returned is rebuilt from built-in types (``_plain``).
"""

_ERRORS = {
    "RuntimeError": RuntimeError,
    "ValueError": ValueError,
    "ConnectionError": ConnectionError,
    "TimeoutError": TimeoutError,
}
_MAX_CALLS = 5000
_MAX_SLEEPS = 5000
_MAX_CLOCK_READS = 1_000_000
_MAX_DEPTH = 40


class _Runaway(BaseException):
    """Raised by the harness when the queue never finishes; not an Exception."""


def _plain(value, depth=0):
    if depth > _MAX_DEPTH:
        return "<too deep>"
    if value is None or isinstance(value, bool):
        return None if value is None else bool(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, (list, tuple)):
        items = list.__iter__(value) if isinstance(value, list) else tuple.__iter__(value)
        return [_plain(item, depth + 1) for item in items]
    if isinstance(value, dict):
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in dict.items(value)}
    return "<object %s>" % type(value).__name__


def _text(error):
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a broken __str__
        return "<unprintable>"
    return str.__str__(text) if isinstance(text, str) else "<unprintable>"


class _World:
    """The fake clock, the fake sleep and everything the tasks observe."""

    def __init__(self, start, plans):
        self.now = float(start)
        self.plans = plans
        self.sleeps = []
        self.log = []
        self.raised = []          # (error object, attempt)
        self.attempts = {}
        self.clock_reads = 0
        self.queue = None

    def clock(self):
        self.clock_reads += 1
        if self.clock_reads > _MAX_CLOCK_READS:
            raise _Runaway("more than %d clock reads" % _MAX_CLOCK_READS)
        return self.now

    def sleep(self, seconds):
        if len(self.sleeps) >= _MAX_SLEEPS:
            raise _Runaway("more than %d sleeps" % _MAX_SLEEPS)
        seconds = _plain(seconds)
        if isinstance(seconds, (int, float)) and not isinstance(seconds, bool):
            seconds = float(seconds)          # sleep(2) and sleep(2.0) are the same wait
            if seconds > 0:
                self.now = float(self.now + seconds)
        self.sleeps.append(seconds)

    def make_task(self, name):
        world = self

        def task(*args, **kwargs):
            if len(world.log) >= _MAX_CALLS:
                raise _Runaway("more than %d task calls" % _MAX_CALLS)
            label = args[0] if args and isinstance(args[0], str) else None
            plan = world.plans.get(label, {}) if label is not None else {}
            attempt = world.attempts.get(label, 0) + 1
            world.attempts[label] = attempt
            entry = {"t": world.now, "task": name, "args": _plain(args),
                     "kwargs": _plain(dict(kwargs)), "attempt": attempt}
            world.log.append(entry)
            world.now = float(world.now + plan.get("seconds", 0))
            if attempt == 1 and plan.get("enqueue"):
                entry["enqueued"] = [
                    _plain(world.queue.enqueue(child[0], *child[1], **child[2]))
                    for child in plan["enqueue"]
                ]
            fail = plan.get("fail", 0)
            if fail == "always" or attempt <= fail:
                error_type = plan.get("error", "RuntimeError")
                error = _ERRORS[error_type]("%s attempt %d failed" % (label, attempt))
                world.raised.append((error, attempt))
                entry["outcome"] = error_type
                raise error
            entry["outcome"] = "ok"

        task.__name__ = task.__qualname__ = name
        return task

    def describe_error(self, error):
        if not isinstance(error, BaseException):
            return {"type": "<not an exception: %s>" % type(error).__name__}
        attempt = None
        for own, n in self.raised:
            if own is error:
                attempt = n
        return {"type": type(error).__name__, "message": _text(error), "attempt": attempt}


def _dead_letters(world, queue):
    entries = []
    letters = getattr(queue, "dead_letters", None)
    if not isinstance(letters, list):
        return "<dead_letters is not a list: %s>" % type(letters).__name__
    for letter in list.__iter__(letters):
        try:
            entries.append({
                "id": _plain(letter["id"]),
                "name": _plain(letter["name"]),
                "args": _plain(list(letter["args"])),
                "kwargs": _plain(dict(letter["kwargs"])),
                "attempts": _plain(letter["attempts"]),
                "error": world.describe_error(letter["error"]),
            })
        except Exception as error:  # noqa: BLE001 - a malformed entry is an observation
            entries.append("<malformed entry: %s>" % type(error).__name__)
    return entries


def run(solution, case_input):
    world = _World(case_input.get("start", 0.0), case_input.get("plans", {}))
    queue = solution.TaskQueue(world.clock, world.sleep, **case_input.get("config", {}))
    world.queue = queue
    for name in case_input.get("register", []):
        queue.register(name, world.make_task(name))

    steps = []
    try:
        for step in case_input["steps"]:
            op = step[0]
            if op == "advance":
                world.now = float(world.now + step[1])
                steps.append(None)
                continue
            try:
                if op == "enqueue":
                    steps.append(_plain(queue.enqueue(step[1], *step[2], **step[3])))
                elif op == "run":
                    queue.run_until_empty()
                    steps.append(None)
                else:
                    raise AssertionError("unknown step %r" % (op,))
            except Exception as error:  # noqa: BLE001 - reported as an observation
                steps.append({"raised": type(error).__name__})
    except _Runaway as runaway:
        return {"runaway": str(runaway), "log_head": world.log[:12]}

    return {
        "steps": steps,
        "log": world.log,
        "sleeps": world.sleeps,
        "dead_letters": _dead_letters(world, queue),
        "clock": world.now,
    }
