"""Custom harness for the properties-descriptors challenge.

Input schema: {"steps": [STEP, ...]}  ->  {"results": [OUTCOME, ...]} (one per step)

  Classes (CLS): the candidate's "Product" and "Temperature", and classes the harness
  declares itself with the candidate's descriptors (fresh for every case):
    "Account"  owner = Typed(str); balance = Bounded(0, 1000000); rate = Positive()
               __init__(owner, balance=0, rate=1)
    "Savings"  subclass of Account adding bonus = Bounded(0.0, 0.05); __init__(..., bonus=0.0)
    "Box"      width = height = depth = Positive(); __init__(width, height, depth);
               defines __eq__, so its instances are unhashable
    "Config"   retries = Typed(int); tags = Typed(list); ratio = Bounded(0.0, 1.0);
               __init__() sets nothing (every attribute starts unset)

  {"new": VAR, "cls": CLS, "args": [...], "kwargs": {...}}   VAR = CLS(*args, **kwargs)
      -> {"ok": true} or ERROR
  {"set": VAR, "attr": NAME, "value": V}    setattr(VAR, NAME, V) -> {"ok": true} or ERROR
  {"get": VAR, "attr": NAME}                getattr(VAR, NAME)    -> {"value": plain} or ERROR
  {"class_get": CLS, "attr": NAME}          getattr(CLS, NAME)
      -> {"kind": "Typed" | "Positive" | "Bounded" | "property" | "other"} or ERROR
         (the first of the candidate's descriptor classes, or property, it is an instance of)
  {"bounded": [MIN, MAX]}                   solution.Bounded(MIN, MAX)
      -> {"ok": true} or {"error": type family} (the message is not compared here)

  ERROR = {"error": "TypeError" | "ValueError", "message": str(exception)}
        | {"error": "AttributeError"}           (message not compared)
        | {"error": other type name}

Values are rebuilt from exact built-in types (see _plain): no candidate object leaves.
"""

_MAX_DEPTH = 20


def _plain(value, depth=0):
    if depth > _MAX_DEPTH:
        return "<too deep>"
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind in (list, tuple):
        return [_plain(item, depth + 1) for item in value]
    if kind is dict:
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in dict.items(value)}
    return "<%s object>" % kind.__name__


def _message(error):
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a broken __str__
        return "<unprintable>"
    return text if type(text) is str else "<unprintable>"


def _error(error):
    # AttributeError first: a read-only property's error message varies across versions.
    if isinstance(error, AttributeError):
        return {"error": "AttributeError"}
    for family in (TypeError, ValueError):
        if isinstance(error, family):
            return {"error": family.__name__, "message": _message(error)}
    return {"error": type(error).__name__}


def _classes(solution):
    Typed, Positive, Bounded = solution.Typed, solution.Positive, solution.Bounded

    class Account:
        owner = Typed(str)
        balance = Bounded(0, 1000000)
        rate = Positive()

        def __init__(self, owner, balance=0, rate=1):
            self.owner = owner
            self.balance = balance
            self.rate = rate

    class Savings(Account):
        bonus = Bounded(0.0, 0.05)

        def __init__(self, owner, balance=0, rate=1, bonus=0.0):
            super().__init__(owner, balance, rate)
            self.bonus = bonus

    class Box:
        width = Positive()
        height = Positive()
        depth = Positive()

        def __init__(self, width, height, depth):
            self.width = width
            self.height = height
            self.depth = depth

        def __eq__(self, other):  # makes Box unhashable (__hash__ = None)
            return isinstance(other, Box) and self.__dict__ == other.__dict__

    class Config:
        retries = Typed(int)
        tags = Typed(list)
        ratio = Bounded(0.0, 1.0)

    return {
        "Product": solution.Product,
        "Temperature": solution.Temperature,
        "Account": Account,
        "Savings": Savings,
        "Box": Box,
        "Config": Config,
    }


def _kind(solution, value):
    for name in ("Typed", "Positive", "Bounded"):
        if isinstance(value, getattr(solution, name)):
            return name
    if isinstance(value, property):
        return "property"
    return "other"


def _step(solution, classes, objects, step):
    if "new" in step:
        cls = classes[step["cls"]]
        objects[step["new"]] = cls(*step.get("args", []), **step.get("kwargs", {}))
        return {"ok": True}
    if "set" in step:
        setattr(objects[step["set"]], step["attr"], step["value"])
        return {"ok": True}
    if "get" in step:
        return {"value": _plain(getattr(objects[step["get"]], step["attr"]))}
    if "class_get" in step:
        return {"kind": _kind(solution, getattr(classes[step["class_get"]], step["attr"]))}
    if "bounded" in step:
        try:
            solution.Bounded(*step["bounded"])
        except Exception as error:  # noqa: BLE001 - reported without its message
            outcome = _error(error)
            outcome.pop("message", None)
            return outcome
        return {"ok": True}
    raise ValueError("unknown step %r" % (step,))


def run(solution, case_input):
    classes = _classes(solution)
    objects = {}
    results = []
    for step in case_input["steps"]:
        try:
            results.append(_step(solution, classes, objects, step))
        except Exception as error:  # noqa: BLE001 - the candidate's error, reported as data
            results.append(_error(error))
    return {"results": results}
