"""Custom harness for the rest-router challenge.

Input schema (``case_input`` is a dict), one of:

    {"requests": [[method, path, body], ...]}
        body is a str (sent as is) or null. The requests go, in order, to ONE fresh
        solution.ItemsApp(); returns {"responses": [RESPONSE, ...]}.

    {"bulk": {"n": int}}
        A large deterministic session on one ItemsApp: n POSTs (names "item-<i>"), a GET of
        every created id, n // 10 duplicate POSTs, a DELETE of every third id, a GET of every
        id (deleted ones included), n // 10 PUTs, then GET /items. Returns
        {"count": number of requests, "statuses": {"201": k, ...},
         "digest": sha256 of the JSON of all RESPONSEs}.

RESPONSE is [status, headers, body] rebuilt as plain data: status must be an int,
headers a dict of str -> str (names lowercased, as HTTP names are case-insensitive),
body is rebuilt from exact built-in types (dict/list/str/int/float/bool/None). A value
of the wrong type becomes a "<TypeName>" marker. An exception escaping handle() is
reported as the response {"raised": "TypeName"}.
"""

import hashlib
import json

_MAX_DEPTH = 50


def _plain(value, depth=0):
    if depth > _MAX_DEPTH:
        return "<too deep>"
    if value is None or type(value) in (bool, int, float, str):
        return value
    if type(value) is list:
        return [_plain(item, depth + 1) for item in value]
    if type(value) is dict:
        out = {}
        for key, item in value.items():
            out[key if type(key) is str else "<key %s>" % type(key).__name__] = _plain(item, depth + 1)
        return out
    return "<%s>" % type(value).__name__


def _headers(headers):
    if type(headers) is not dict:
        return "<%s>" % type(headers).__name__
    out = {}
    for name, value in headers.items():
        key = name.lower() if type(name) is str else "<%s>" % type(name).__name__
        if key in out:
            key = "<duplicate %s>" % key
        out[key] = value if type(value) is str else "<%s>" % type(value).__name__
    return out


def _response(app, method, path, body):
    if _response.sent < 12:
        # The requests, for the candidate's report on a failing sample.
        fact("request %d" % (_response.sent + 1), "%s %s %s" % (method, path, body or ""))
    _response.sent += 1
    try:
        result = app.handle(method, path, body)
    except Exception as error:  # noqa: BLE001 - reported as an observation
        return {"raised": type(error).__name__}
    if type(result) not in (tuple, list) or len(result) != 3:
        return "<handle returned %s>" % type(result).__name__
    status, headers, payload = result
    return [status if type(status) is int else "<%s>" % type(status).__name__,
            _headers(headers), _plain(payload)]


_response.sent = 0


def _bulk(app, n):
    responses = []

    def send(method, path, body=None):
        responses.append(_response(app, method, path, body))

    for i in range(1, n + 1):
        send("POST", "/items", json.dumps({"name": "item-%d" % i, "price": i % 100,
                                           "tags": ["t%d" % (i % 7)]}))
    for i in range(1, n + 1):
        send("GET", "/items/%d" % i)
    for i in range(1, n + 1, 10):
        send("POST", "/items", json.dumps({"name": "item-%d" % i, "price": 1}))
    for i in range(3, n + 1, 3):
        send("DELETE", "/items/%d" % i)
    for i in range(1, n + 1):
        send("GET", "/items/%d" % i)
    for i in range(1, n + 1, 10):
        send("PUT", "/items/%d" % i, json.dumps({"name": "renamed-%d" % i, "price": 2.5}))
    send("GET", "/items")
    statuses = {}
    for response in responses:
        key = str(response[0]) if type(response) is list else "other"
        statuses[key] = statuses.get(key, 0) + 1
    digest = hashlib.sha256(json.dumps(responses, sort_keys=True).encode()).hexdigest()
    return {"count": len(responses), "statuses": statuses, "digest": digest}


def run(solution, case_input):
    app = solution.ItemsApp()
    if "bulk" in case_input:
        return _bulk(app, case_input["bulk"]["n"])
    return {"responses": [_response(app, method, path, body)
                          for method, path, body in case_input["requests"]]}
