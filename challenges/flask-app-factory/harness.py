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

import flask


def run(solution, case_input):
    apps = []
    for config in case_input["apps"]:
        app = solution.create_app() if config is None else solution.create_app(config)
        if not isinstance(app, flask.Flask):
            raise TypeError("create_app() must return a Flask application")
        apps.append(app)
    if len(apps) > 1 and apps[0] is apps[1]:
        raise TypeError("create_app() returned the same application twice")
    clients = [app.test_client() for app in apps]
    observed = []
    for request in case_input["requests"]:
        options = {}
        if "json" in request:
            options["json"] = request["json"]
        if "data" in request:
            options["data"] = request["data"]
        response = clients[request.get("app", 0)].open(request["path"], method=request["method"], **options)
        entry = {"status": response.status_code}
        if response.is_json:
            entry["json"] = response.get_json(silent=True)
        else:
            entry["content_type"] = (response.mimetype or "")
        observed.append(entry)
    return observed
