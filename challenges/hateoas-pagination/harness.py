"""Custom harness for the hateoas-pagination challenge.

Input schema (``case_input`` is a dict):

    {"n": int,                    the collection is [1, 2, ..., n]   (or, instead:)
     "items": [...],              an explicit collection of JSON values
     "path": str,                 default "/items"
     "queries": [{str: str}, ...]}   one paginate() call per query dict, in order

Each call gets a fresh copy of the collection (a list) and of the query dict.
Returns {"responses": [RESPONSE, ...]}, where RESPONSE is
    {"status": int, "body": plain data, "items_unchanged": bool}
or {"raised": "TypeName"} when paginate raised. The return value must be a
(status, body) tuple or list; everything is rebuilt from exact built-in types, and a
value of another type becomes a "<TypeName>" marker.
"""

_MAX_DEPTH = 50


def _plain(value, depth=0):
    if depth > _MAX_DEPTH:
        return "<too deep>"
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) in (list, tuple):
        return [_plain(item, depth + 1) for item in value]
    if type(value) is dict:
        return {(key if type(key) is str else "<key %s>" % type(key).__name__): _plain(item, depth + 1)
                for key, item in value.items()}
    return "<%s>" % type(value).__name__


def _call(paginate, items, path, query):
    snapshot = list(items)
    try:
        result = paginate(items, path, dict(query))
    except Exception as error:  # noqa: BLE001 - reported as an observation
        return {"raised": type(error).__name__}
    if type(result) not in (tuple, list) or len(result) != 2:
        return {"status": "<returned %s>" % type(result).__name__, "body": None,
                "items_unchanged": items == snapshot}
    status, body = result
    return {"status": status if type(status) is int else "<%s>" % type(status).__name__,
            "body": _plain(body), "items_unchanged": items == snapshot}


def run(solution, case_input):
    if "items" in case_input:
        base = list(case_input["items"])
    else:
        base = list(range(1, case_input["n"] + 1))
    path = case_input.get("path", "/items")
    return {"responses": [_call(solution.paginate, list(base), path, query)
                          for query in case_input["queries"]]}
