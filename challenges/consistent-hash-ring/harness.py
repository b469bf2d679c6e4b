"""Custom harness for the consistent-hash-ring challenge.

Input schema (``case_input`` is a dict), one of:

  {"replicas": R, "ops": [OP, ...]}         ("replicas" absent: HashRing() with its default)
      OP = ["add", node] | ["remove", node] | ["get", key] | ["nodes"]
      -> {"results": [...]}: one entry per operation: null for add/remove, the node for
         get, the list for nodes; {"raised": TYPE} when the operation raised. A get that
         raises any LookupError (KeyError, IndexError ...) is recorded as "LookupError".
      An exception from the constructor is recorded as {"init_raised": TYPE}.

  {"generate": {"nodes": N, "replicas": R, "keys": K, "add": NAME, "remove": NAME}}
      Adds nodes "node-0" .. "node-{N-1}", looks up keys "key-0" .. "key-{K-1}", adds the
      node NAME and looks them all up again, then removes the node "remove" and looks them
      up a third time.
      -> {"load": {node: keys owned after the first pass},
          "sha256": first 16 hex digits of sha256 of the three passes' owners,
          "moved_on_add": keys whose owner changed, "moved_only_to_new": bool,
          "moved_on_remove": keys whose owner changed,
          "moved_only_from_removed": bool}

Only plain data built by the harness leaves ``run``.
"""

import hashlib


def _plain(value):
    if value is None or type(value) in (bool, int, str):
        return value
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return "<%s object>" % type(value).__name__


def _ops(solution, case_input):
    try:
        if "replicas" in case_input:
            ring = solution.HashRing(case_input["replicas"])
        else:
            ring = solution.HashRing()
    except Exception as error:  # noqa: BLE001 - reported as an observation
        return {"init_raised": type(error).__name__}
    results = []
    for op in case_input["ops"]:
        name = op[0]
        try:
            if name == "add":
                results.append(_plain(ring.add_node(op[1])))
            elif name == "remove":
                results.append(_plain(ring.remove_node(op[1])))
            elif name == "get":
                results.append(_plain(ring.get_node(op[1])))
            elif name == "nodes":
                results.append(_plain(list(ring.nodes())))
            else:
                raise AssertionError("unknown op %r" % (name,))
        except Exception as error:  # noqa: BLE001 - reported as an observation
            kind = type(error).__name__
            if name == "get" and isinstance(error, LookupError):
                kind = "LookupError"
            results.append({"raised": kind})
    return {"results": results}


def _generate(solution, spec):
    ring = solution.HashRing(spec["replicas"])
    for index in range(spec["nodes"]):
        ring.add_node("node-%d" % index)
    keys = ["key-%d" % index for index in range(spec["keys"])]
    get = ring.get_node
    first = [_plain(get(key)) for key in keys]
    ring.add_node(spec["add"])
    second = [_plain(get(key)) for key in keys]
    ring.remove_node(spec["remove"])
    third = [_plain(get(key)) for key in keys]
    load = {}
    for owner in first:
        load[str(owner)] = load.get(str(owner), 0) + 1
    moved_add = [(a, b) for a, b in zip(first, second) if a != b]
    moved_remove = [(a, b) for a, b in zip(second, third) if a != b]
    text = "\n".join(",".join(str(owner) for owner in owners)
                     for owners in (first, second, third))
    return {
        "load": load,
        "sha256": hashlib.sha256(text.encode()).hexdigest()[:16],
        "moved_on_add": len(moved_add),
        "moved_only_to_new": all(b == spec["add"] for _, b in moved_add),
        "moved_on_remove": len(moved_remove),
        "moved_only_from_removed": all(a == spec["remove"] for a, _ in moved_remove),
    }


def run(solution, case_input):
    if "generate" in case_input:
        return _generate(solution, case_input["generate"])
    return _ops(solution, case_input)
