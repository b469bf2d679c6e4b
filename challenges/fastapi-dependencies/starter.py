"""Bearer-token authentication and roles with FastAPI dependencies. See statement.md."""

from typing import Optional

from fastapi import FastAPI


class UserStore:
    """The application's own users, looked up by token. Keep it as it is."""

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
    """The dependency that gives the user store: the judge overrides it."""
    return _store


# TODO: get_current_user, a dependency on get_user_store (401 with WWW-Authenticate: Bearer),
# a way to require a role (403), then the endpoints.

app = FastAPI()

reports = {
    1: {"id": 1, "title": "Q1 revenue"},
    2: {"id": 2, "title": "Q2 revenue"},
    3: {"id": 3, "title": "Churn"},
}


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}
