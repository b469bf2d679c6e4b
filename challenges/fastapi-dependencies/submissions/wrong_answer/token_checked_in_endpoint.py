"""Wrong: each endpoint checks the token itself against the module's store, so no dependency
override (the judge's store, a test's fake) ever applies."""

from typing import Optional

from fastapi import FastAPI, HTTPException, Request, Response


class UserStore:
    """The application's own users, looked up by token."""

    def __init__(self, users: dict[str, dict]):
        self._users = users

    def get_user(self, token: str) -> Optional[dict]:
        return self._users.get(token)


_store = UserStore(
    {
        "demo-token": {"username": "demo", "roles": []},
        "analyst-token": {"username": "ann", "roles": ["analyst"]},
    }
)


def get_user_store() -> UserStore:
    return _store


def authenticate(request: Request, role: Optional[str] = None) -> dict:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(401, detail="Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    user = get_user_store().get_user(token.strip())
    if user is None:
        raise HTTPException(401, detail="Invalid token", headers={"WWW-Authenticate": "Bearer"})
    if role is not None and role not in user["roles"]:
        raise HTTPException(403, detail="Not enough permissions")
    return user


app = FastAPI()

reports = {
    1: {"id": 1, "title": "Q1 revenue"},
    2: {"id": 2, "title": "Q2 revenue"},
    3: {"id": 3, "title": "Churn"},
}


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.get("/me")
def me(request: Request) -> dict:
    user = authenticate(request)
    return {"username": user["username"], "roles": user["roles"]}


@app.get("/reports")
def list_reports(request: Request) -> list[dict]:
    authenticate(request, role="analyst")
    return [reports[report_id] for report_id in sorted(reports)]


@app.delete("/reports/{report_id}")
def delete_report(report_id: int, request: Request) -> Response:
    authenticate(request, role="admin")
    if report_id not in reports:
        raise HTTPException(404, detail="Report not found")
    del reports[report_id]
    return Response(status_code=204)
