"""Custom harness for flask-vs-fastapi.

Flask, FastAPI and FastAPI's test client are imported here, at module level: the runner
loads this harness once in its prepared parent, before any case is forked, so the
frameworks' import is never counted in a case's CPU time.

The harness makes one application with ``solution.create_flask_app()`` and one with
``solution.create_fastapi_app()``, sends the same requests to each (Flask's test client,
FastAPI's ``TestClient``; redirects are not followed) and reports what each answered, side by
side. The expected answer has the same list under both keys: both frameworks must behave
the same, and as the statement says.

Input:  {"requests": [{"method": "GET", "path": "/notes?tag=work",
                       "json": ...?,              a JSON body
                       "data": "raw text"?}, ...]} a raw body sent as application/json
Output: {"flask": [ENTRY, ...], "fastapi": [ENTRY, ...]}, one ENTRY per request:
        {"status": int, "body": the JSON body, or null when the body is empty}
        or {"status": int, "content_type": the media type, when the body is not JSON}
        plus "location" (the Location header) on a redirect
"""

import json
import harnesskit

harnesskit.quiet_test_client_warnings()

import fastapi  # noqa: E402
import flask  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402


def _entry(status, body, content_type, location):
    entry = {"status": status}
    if not body:
        entry["body"] = None
    else:
        try:
            entry["body"] = json.loads(body)
        except ValueError:
            entry["content_type"] = content_type.split(";")[0].strip()
    if 300 <= status < 400:
        entry["location"] = location
    return entry


def _ask_flask(app, requests):
    client = app.test_client()
    observed = []
    for request in requests:
        options = {}
        if "json" in request:
            options["json"] = request["json"]
        if "data" in request:
            options["data"] = request["data"]
            options["content_type"] = "application/json"
        response = client.open(request["path"], method=request["method"], **options)
        observed.append(_entry(response.status_code, response.get_data(), response.headers.get("Content-Type", ""), response.headers.get("Location")))
    return observed


def _ask_fastapi(app, requests):
    observed = []
    with TestClient(app, raise_server_exceptions=True) as client:
        for request in requests:
            options = {}
            if "json" in request:
                options["json"] = request["json"]
            if "data" in request:
                options["content"] = request["data"].encode()
                options["headers"] = {"Content-Type": "application/json"}
            response = client.request(request["method"], request["path"], follow_redirects=False, **options)
            observed.append(_entry(response.status_code, response.content, response.headers.get("content-type", ""), response.headers.get("location")))
    return observed


def run(solution, case_input):
    flask_app = solution.create_flask_app()
    if not isinstance(flask_app, flask.Flask):
        raise TypeError("create_flask_app() must return a Flask application")
    fastapi_app = solution.create_fastapi_app()
    if not isinstance(fastapi_app, fastapi.FastAPI):
        raise TypeError("create_fastapi_app() must return a FastAPI application")
    requests = case_input["requests"]
    return {"flask": _ask_flask(flask_app, requests), "fastapi": _ask_fastapi(fastapi_app, requests)}
