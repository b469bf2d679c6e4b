"""Custom harness for the plugin-registry challenge.

Input schema (``case_input`` is a dict):

  {"steps": [STEP, ...]}
    STEP = ["class", NAME, [BASE, ...], {attr: value}, {class keyword: value}]
             Defines a class with types.new_class. A BASE is "Plugin" (the solution's),
             "Tracked" (a harness base whose __init_subclass__ records each subclass and
             calls super()), or the NAME of a class defined earlier in the case. Each
             attribute value that is {"method": TEXT} becomes a method returning TEXT;
             {"greeting": TEXT} becomes __init__(self, who="world") and a hello()
             returning "TEXT, who" (the attribute's own name is not used).
             -> "defined" or {"raised": TYPE}
         | ["get", CLASS, plugin_name]      -> the __name__ of the class returned
         | ["plugins", CLASS]               -> the list returned
         | ["create", CLASS, plugin_name, [args...]]
                                            -> {"type": __name__ of the object,
                                                "hello": its hello() if it has one}
         | ["tracked"]                      -> the names Tracked has seen so far
    Every result is recorded, or {"raised": TYPE} when the step raised.
  -> {"results": [...]}

Only plain data built by the harness leaves ``run``.
"""

import types


def _plain(value):
    if value is None or type(value) in (bool, int, str):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return "<%s object>" % type(value).__name__


def _method(text):
    def hello(self):
        return text
    return hello


def _greeter(text):
    def __init__(self, who="world"):
        self.who = who

    def hello(self):
        return "%s, %s" % (text, self.who)
    return {"__init__": __init__, "hello": hello}


def run(solution, case_input):
    tracked = []

    class Tracked:
        def __init_subclass__(cls, **kwargs):
            super().__init_subclass__(**kwargs)
            tracked.append(cls.__name__)

    classes = {"Plugin": solution.Plugin, "Tracked": Tracked}
    results = []
    for step in case_input["steps"]:
        kind = step[0]
        try:
            if kind == "class":
                _, name, bases, attrs, keywords = step
                namespace = {}
                for key, value in attrs.items():
                    if isinstance(value, dict) and "greeting" in value:
                        namespace.update(_greeter(value["greeting"]))
                    elif isinstance(value, dict):
                        namespace[key] = _method(value["method"])
                    else:
                        namespace[key] = value

                def body(ns, namespace=namespace):
                    ns.update(namespace)

                cls = types.new_class(name, tuple(classes[b] for b in bases), keywords, body)
                classes[name] = cls
                results.append("defined")
            elif kind == "get":
                results.append(_plain(classes[step[1]].get(step[2]).__name__))
            elif kind == "plugins":
                results.append(_plain(list(classes[step[1]].plugins())))
            elif kind == "create":
                obj = classes[step[1]].create(step[2], *step[3])
                hello = getattr(obj, "hello", None)
                results.append({"type": type(obj).__name__,
                                "hello": _plain(hello()) if callable(hello) else None})
            elif kind == "tracked":
                results.append(list(tracked))
            else:
                raise AssertionError("unknown step %r" % (kind,))
        except Exception as error:  # noqa: BLE001 - reported as an observation
            results.append({"raised": type(error).__name__})
    return {"results": results}
