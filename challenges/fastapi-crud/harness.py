"""Custom harness for fastapi-crud.

FastAPI, pydantic and the test client are imported here, at module level: the runner loads
this harness once in its prepared parent, before any case is forked, so the framework's
import is never counted in a case's CPU time. Each case's child loads the candidate's
module afresh, so every case starts from an empty store.

Input:  {"requests": [{"method": "POST", "path": "/items", "json": {...}?, "params": {...}?}, ...]}
Output: one entry per request, in order:
        {"status": int, "body": the JSON body (null when there is none)}
        where a 422's body is reduced to the locations of its errors:
        {"status": 422, "error_locations": [["body", "price"], ...]}
"""

import harnesskit

harnesskit.quiet_test_client_warnings()

import fastapi  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402


def run(solution, case_input):
    app = getattr(solution, "app", None)
    if not isinstance(app, fastapi.FastAPI):
        raise TypeError("the module must define app = FastAPI()")
    observed = []
    with TestClient(app, raise_server_exceptions=True) as client:
        for request in case_input["requests"]:
            response = client.request(
                request["method"],
                request["path"],
                json=request.get("json"),
                params=request.get("params"),
            )
            if response.status_code == 422:
                detail = harnesskit.response_body(response) or {}
                locations = [list(error.get("loc", [])) for error in detail.get("detail", [])] if isinstance(detail, dict) and isinstance(detail.get("detail"), list) else detail
                observed.append({"status": 422, "error_locations": locations})
            else:
                observed.append({"status": response.status_code, "body": harnesskit.response_body(response)})
    return observed
