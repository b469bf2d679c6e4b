"""Custom harness for the cooperative-mixins challenge.

Input schema (``case_input`` is a dict), one of:

  {"mro": [CLASS, ...]}
      -> {CLASS: [names of CLASS.__mro__], ...}

  {"class": CLASS, "kwargs": {...}, "registry": BOOL, "metrics": BOOL,
   "backend": {"values": {key: value}, "failures": {key: N}},
   "calls": [["fetch", key] | ["describe"], ...]}
      Builds CLASS(name=..., backend=<scripted backend>, **kwargs), adding
      registry=<a fresh list> and metrics=<a fresh dict> when asked. The backend returns
      values[key]; it raises ConnectionError the first N times a key listed in
      "failures" is fetched, and KeyError for a key it does not know.
      -> {"init": "ok" | {"raised": TYPE},
          "results": [each call's value or {"raised": TYPE}],
          "backend_calls": [keys in the order the backend saw them],
          "registry": the list (when asked), "metrics": the dict (when asked)}

Only plain data built by the harness leaves ``run``.
"""


def _plain(value, depth=0):
    if depth > 20:
        return "<too deep>"
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in dict.items(value)}
    return "<%s object>" % type(value).__name__


def _mro(solution, names):
    return {name: [cls.__name__ for cls in getattr(solution, name).__mro__] for name in names}


def _scenario(solution, case_input):
    backend_spec = case_input.get("backend", {})
    values = backend_spec.get("values", {})
    failures = dict(backend_spec.get("failures", {}))
    seen = []

    def backend(key):
        seen.append(key)
        if failures.get(key, 0) > 0:
            failures[key] -= 1
            raise ConnectionError("backend unavailable for %r" % (key,))
        return values[key]

    kwargs = dict(case_input.get("kwargs", {}))
    kwargs.setdefault("name", "svc")
    kwargs["backend"] = backend
    registry = [] if case_input.get("registry") else None
    metrics = {} if case_input.get("metrics") else None
    if registry is not None:
        kwargs["registry"] = registry
    if metrics is not None:
        kwargs["metrics"] = metrics
    observation = {}
    try:
        service = getattr(solution, case_input["class"])(**kwargs)
        observation["init"] = "ok"
    except Exception as error:  # noqa: BLE001 - reported as an observation
        observation["init"] = {"raised": type(error).__name__}
        service = None
    results = []
    if service is not None:
        for call in case_input.get("calls", []):
            try:
                if call[0] == "fetch":
                    results.append(_plain(service.fetch(call[1])))
                elif call[0] == "describe":
                    results.append(_plain(service.describe()))
                else:
                    raise AssertionError("unknown call %r" % (call[0],))
            except Exception as error:  # noqa: BLE001 - reported as an observation
                results.append({"raised": type(error).__name__})
    observation["results"] = results
    observation["backend_calls"] = list(seen)
    if registry is not None:
        observation["registry"] = _plain(registry)
    if metrics is not None:
        observation["metrics"] = _plain(metrics)
    return observation


def run(solution, case_input):
    if "mro" in case_input:
        return _mro(solution, case_input["mro"])
    return _scenario(solution, case_input)
