"""Custom harness for flask-app-factory.

Flask is imported here, at module level: the runner loads this harness once in its prepared
parent, before any case is forked, so the framework's import is never counted in a case's
CPU time.

Input:  {"apps": [config or null, ...],
         "requests": [{"app": index, "method": "GET", "path": "/api/notes",
                       "json": ...?, "data": "raw body"?}, ...]}
        Each entry of "apps" is one create_app(config) call (null: create_app()).
Output: one entry per request: {"status": int, "json": the body when it is JSON}
        or {"status": int, "content_type": the type, when the body is not JSON}
"""

import harnesskit
import flask  # noqa: F401 - imported once, in the prepared parent


def run(solution, case_input):
    apps = []
    for config in case_input["apps"]:
        app = solution.create_app() if config is None else solution.create_app(config)
        apps.append(harnesskit.flask_app(app, "create_app()"))
    if len(apps) > 1 and apps[0] is apps[1]:
        raise TypeError("create_app() returned the same application twice")
    clients = [app.test_client() for app in apps]
    observed = []
    for request in case_input["requests"]:
        response = harnesskit.flask_request(clients[request.get("app", 0)], request)
        observed.append(harnesskit.flask_response(response))
    return observed
