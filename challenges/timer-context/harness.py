"""Custom harness for the timer-context challenge.

Input schema, one of:

  {"timer": [STEP, ...], "start": T0?}  ->  {"records": [RECORD, ...]}
      Two timers share one fake clock (a callable returning the current fake time, a float
      starting at T0, default 1000.0, that only moves on "tick"):
          timers["a"] = Timer(clock=fake), timers["b"] = Timer(clock=fake)
      Every STEP may name its timer with "t": "a" | "b" (default "a").
      {"tick": DT}                advance the fake clock by DT (no record)
      {"with": [STEP, ...], "raise": bool?}
          `with timer as value:` runs the inner steps, then raises HarnessError inside the
          block when "raise" is true. Records, after the inner steps' records:
          {"with": {"as_self": value is timer, "propagated": bool}}
          (or {"with": {"error": type name}} if entering/exiting raised something else)
      "elapsed" -> {"elapsed": float}     "running" -> {"running": bool}
      "lap"     -> {"lap": float}         "laps"    -> {"laps": [float, ...]}
      "reset"   -> {"reset": "ok"}
      (string steps may also be {"do": NAME, "t": "b"}). Numbers are reported as floats;
      an exception from the candidate's code in a step is recorded as {"error": type name}
      and the script continues.

  {"default_clock": true}
      Timer() without a clock: one empty `with` block, then
      -> {"elapsed_is_float": bool, "non_negative": bool, "running": bool}

  {"suppress": [TYPE, ...], "blocks": [BLOCK, ...]}  ->  {"blocks": [OUTCOME, ...]}
      One suppress(*types) object is used for every block, in order. With
      "attribute_before_use": true the result also has "has_exception_attribute": whether
      the object has its `exception` attribute before its first block (the interface
      promises a context manager with an `exception` attribute; its value is not checked).
      BLOCK = {"raise": TYPE | null, "message": str?}: `with s as value:` raises a fresh
      exception of that type (or nothing). OUTCOME =
      {"as_self": value is s, "propagated": TYPE | null, "same_object": bool | null,
       "exception": {"type": TYPE, "message": str, "same_object": bool} | null}
      where "exception" is what s.exception holds after the block.
      TYPE names: built-in exceptions, plus AppError(Exception), NotFound(AppError) and
      Abort(BaseException), defined by this harness.

Nothing the candidate returns leaves as an object: only floats, bools, strings, lists.
"""

import builtins


class HarnessError(Exception):
    """Raised inside a timed block by the harness."""


class AppError(Exception):
    pass


class NotFound(AppError):
    pass


class Abort(BaseException):
    pass


_CUSTOM = {"AppError": AppError, "NotFound": NotFound, "Abort": Abort,
           "HarnessError": HarnessError}


def _exception_type(name):
    if name in _CUSTOM:
        return _CUSTOM[name]
    value = getattr(builtins, name)
    if not (isinstance(value, type) and issubclass(value, BaseException)):
        raise ValueError("not an exception type: %r" % (name,))
    return value


class FakeClock:
    def __init__(self, start):
        self.now = float(start)

    def __call__(self):
        return self.now


def _number(value):
    if type(value) in (int, float):
        return float(value)
    return "<%s>" % type(value).__name__


def _message(error):
    try:
        text = str(error)
    except Exception:  # noqa: BLE001
        return "<unprintable>"
    return text if type(text) is str else "<unprintable>"


class _TimerScript:
    def __init__(self, solution, start):
        self.clock = FakeClock(start)
        self.timers = {"a": solution.Timer(clock=self.clock),
                       "b": solution.Timer(clock=self.clock)}
        self.records = []

    def run(self, steps):
        for step in steps:
            self.step(step)

    def step(self, step):
        if isinstance(step, str):
            step = {"do": step}
        timer = self.timers[step.get("t", "a")]
        if "tick" in step:
            self.clock.now += step["tick"]
            return
        if "with" in step:
            self.with_block(timer, step)
            return
        name = step["do"]
        try:
            if name == "elapsed":
                record = {"elapsed": _number(timer.elapsed)}
            elif name == "running":
                running = timer.running
                record = {"running": running if type(running) is bool else "<not a bool>"}
            elif name == "lap":
                record = {"lap": _number(timer.lap())}
            elif name == "laps":
                record = {"laps": [_number(v) for v in list(timer.laps)]}
            elif name == "reset":
                timer.reset()
                record = {"reset": "ok"}
            else:
                raise KeyError(name)
        except Exception as error:  # noqa: BLE001 - the candidate's, as data
            record = {"error": type(error).__name__}
        self.records.append(record)

    def with_block(self, timer, step):
        as_self = None
        propagated = False
        try:
            with timer as value:
                as_self = value is timer
                self.run(step["with"])
                if step.get("raise"):
                    raise HarnessError("boom")
        except HarnessError:
            propagated = True
        except Exception as error:  # noqa: BLE001 - e.g. a broken __enter__/__exit__
            self.records.append({"with": {"error": type(error).__name__}})
            return
        self.records.append({"with": {"as_self": as_self, "propagated": propagated}})


def _default_clock(solution):
    timer = solution.Timer()
    with timer:
        pass
    elapsed = timer.elapsed
    is_float = type(elapsed) is float
    return {"elapsed_is_float": is_float, "non_negative": is_float and elapsed >= 0.0,
            "running": timer.running is True}


def _suppress(solution, case_input):
    types = [_exception_type(name) for name in case_input["suppress"]]
    manager = solution.suppress(*types)
    result = {}
    if case_input.get("attribute_before_use"):
        result["has_exception_attribute"] = hasattr(manager, "exception")
    outcomes = []
    for block in case_input["blocks"]:
        raised = None
        as_self = None
        propagated = None
        same = None
        try:
            with manager as value:
                as_self = value is manager
                if block.get("raise"):
                    raised = _exception_type(block["raise"])(block.get("message", "oops"))
                    raise raised
        except BaseException as error:  # noqa: BLE001 - includes Abort(BaseException)
            propagated = type(error).__name__
            same = error is raised
        held = getattr(manager, "exception", "<missing>")
        if held is None:
            exception = None
        elif isinstance(held, BaseException):
            exception = {"type": type(held).__name__, "message": _message(held),
                         "same_object": held is raised}
        else:
            exception = "<%s>" % type(held).__name__
        outcomes.append({"as_self": as_self, "propagated": propagated, "same_object": same,
                         "exception": exception})
    result["blocks"] = outcomes
    return result


def run(solution, case_input):
    if "timer" in case_input:
        script = _TimerScript(solution, case_input.get("start", 1000.0))
        script.run(case_input["timer"])
        return {"records": script.records}
    if "default_clock" in case_input:
        return _default_clock(solution)
    if "suppress" in case_input:
        return _suppress(solution, case_input)
    raise ValueError("unknown case %r" % (case_input,))
