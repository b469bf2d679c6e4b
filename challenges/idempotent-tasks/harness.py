"""Custom harness for the idempotent-tasks challenge.

Input schema (``case_input`` is a dict):

    {"executors": [[NAME, STORE], ...],   executors built in this order; STORE is a store
                                          name (executors naming the same store share one
                                          dict, passed as IdempotentExecutor(store)) or
                                          null (IdempotentExecutor() with no argument)
                                          default: [["w1", null]]
     "deliveries": [DELIVERY, ...]}

    DELIVERY = {"executor": NAME,          default: the first executor
                "task_id": ID,             any hashable JSON value ($tuple allowed)
                "fn": FN_NAME,             the harness function passed as fn (one function
                                           object per name, reused for the whole case)
                "args": [...], "kwargs": {...},
                "fail": ERROR_TYPE,        if the function runs for this delivery, it raises
                                           ERROR_TYPE("<fn> failed on run <n>")
                "returns": VALUE,          ...or returns VALUE (default: {"fn", "args",
                                           "kwargs", "run": n}, a fresh dict)
                "during": [DELIVERY, ...]} deliveries made from inside the function while it
                                           runs (a duplicate delivered concurrently)

Every delivery calls executor.execute(task_id, fn, *args, **kwargs) and catches whatever
escapes. While a harness function runs, it uses the plan of the innermost delivery in
progress.

Output:
    {"outcomes": [{"at": "2" | "2.1" ..., "task_id": ID,
                   "result": VALUE | "raised": {"type", "from_fn", ("message")}}, ...]
                 in the order the deliveries started; "from_fn" tells whether it is the
                 very exception object a harness function raised (then "message" is given)
     "effects":  [{"run": n, "fn": FN_NAME, "args": [...], "kwargs": {...}, "at": label},
                 ...] every time a harness function actually ran}

Everything returned is rebuilt from built-in types (``_plain``).
"""

_ERRORS = {
    "RuntimeError": RuntimeError,
    "ValueError": ValueError,
    "ConnectionError": ConnectionError,
    "TimeoutError": TimeoutError,
}
_MAX_DEPTH = 40
_MAX_RUNS = 10000


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
    if isinstance(value, list):
        return [_plain(item, depth + 1) for item in list.__iter__(value)]
    if isinstance(value, tuple):
        return tuple(_plain(item, depth + 1) for item in tuple.__iter__(value))
    if isinstance(value, dict):
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in dict.items(value)}
    return "<object %s>" % type(value).__name__


def _text(error):
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a broken __str__
        return "<unprintable>"
    return str.__str__(text) if isinstance(text, str) else "<unprintable>"


class _Case:
    def __init__(self, solution, case_input):
        self.executors = {}
        self.first = None
        stores = {}
        for name, store in case_input.get("executors", [["w1", None]]):
            if store is None:
                executor = solution.IdempotentExecutor()
            else:
                executor = solution.IdempotentExecutor(stores.setdefault(store, {}))
            self.executors[name] = executor
            if self.first is None:
                self.first = name
        self.functions = {}
        self.stack = []           # (label, plan) of the deliveries in progress
        self.outcomes = []
        self.effects = []
        self.raised = []          # exception objects raised by harness functions

    def function(self, name):
        if name not in self.functions:
            case = self

            def fn(*args, **kwargs):
                if len(case.effects) >= _MAX_RUNS:
                    raise RuntimeError("harness: too many runs")
                label, plan = case.stack[-1] if case.stack else ("?", {})
                run = len(case.effects) + 1
                case.effects.append({"run": run, "fn": name, "args": _plain(list(args)),
                                     "kwargs": _plain(dict(kwargs)), "at": label})
                for index, inner in enumerate(plan.get("during", []), 1):
                    case.deliver("%s.%d" % (label, index), inner)
                if "fail" in plan:
                    error = _ERRORS[plan["fail"]]("%s failed on run %d" % (name, run))
                    case.raised.append(error)
                    raise error
                if "returns" in plan:
                    return plan["returns"]
                return {"fn": name, "args": list(args), "kwargs": dict(kwargs), "run": run}

            fn.__name__ = fn.__qualname__ = name
            self.functions[name] = fn
        return self.functions[name]

    def deliver(self, label, delivery):
        executor = self.executors[delivery.get("executor", self.first)]
        task_id = delivery["task_id"]
        fn = self.function(delivery["fn"])
        outcome = {"at": label, "task_id": _plain(task_id)}
        self.outcomes.append(outcome)
        self.stack.append((label, delivery))
        try:
            result = executor.execute(task_id, fn, *delivery.get("args", []),
                                      **delivery.get("kwargs", {}))
        except Exception as error:  # noqa: BLE001 - reported as an observation
            from_fn = any(error is own for own in self.raised)
            raised = {"type": type(error).__name__, "from_fn": from_fn}
            if from_fn:
                raised["message"] = _text(error)
            outcome["raised"] = raised
        else:
            outcome["result"] = _plain(result)
        finally:
            self.stack.pop()


def run(solution, case_input):
    case = _Case(solution, case_input)
    for index, delivery in enumerate(case_input["deliveries"], 1):
        case.deliver(str(index), delivery)
    return {"outcomes": case.outcomes, "effects": case.effects}
