"""Custom harness for fastapi-dependencies.

FastAPI and its test client are imported here, at module level: the runner loads this
harness once in its prepared parent, before any case is forked, so the framework's import is
never counted in a case's CPU time. Each case's child loads the candidate's module afresh.

The harness swaps the application's user store for its own through
``app.dependency_overrides[solution.get_user_store]``, as a test suite would: only the users
of the case exist then, and the module's own store is never consulted. A case with
``"override": false`` leaves the application as it is, to see its own store at work.

Input:  {"users": {TOKEN: {"username": str, "roles": [str, ...]}, ...},
         "override": bool?,                        default true
         "requests": [{"method": "GET", "path": "/me",
                       "token": TOKEN?,             sent as "Authorization: Bearer TOKEN"
                       "authorization": RAW?}, ...]} sent as the header as it is
Output: one entry per request, in order:
        {"status": int, "body": the JSON body (null when there is none)}
        plus, on a 401, "www_authenticate": the WWW-Authenticate header (null when absent)
"""

import harnesskit

harnesskit.quiet_test_client_warnings()

import fastapi  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402


class JudgeUserStore:
    """The case's users; hands out copies so that no request can change the store."""

    def __init__(self, users):
        self._users = users
        self.lookups = 0

    def get_user(self, token):
        self.lookups += 1
        user = self._users.get(token)
        if user is None:
            return None
        return {"username": user["username"], "roles": list(user["roles"])}


def run(solution, case_input):
    app = getattr(solution, "app", None)
    if not isinstance(app, fastapi.FastAPI):
        raise TypeError("the module must define app = FastAPI()")
    get_user_store = getattr(solution, "get_user_store", None)
    if not callable(get_user_store):
        raise TypeError("the module must define get_user_store(), the dependency that returns the user store")
    store = JudgeUserStore(case_input["users"])
    if case_input.get("override", True):
        app.dependency_overrides[get_user_store] = lambda: store
    observed = []
    with TestClient(app, raise_server_exceptions=True) as client:
        for request in case_input["requests"]:
            headers = {}
            if "token" in request:
                headers["Authorization"] = "Bearer " + request["token"]
            if "authorization" in request:
                headers["Authorization"] = request["authorization"]
            response = client.request(request["method"], request["path"], headers=headers)
            entry = {"status": response.status_code, "body": harnesskit.response_body(response)}
            if response.status_code == 401:
                entry["www_authenticate"] = response.headers.get("www-authenticate")
            observed.append(entry)
    fact("user store lookups", str(store.lookups))
    return observed
