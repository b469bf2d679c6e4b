"""Wrong: the 401 for an unknown token has no WWW-Authenticate header (HTTPBearer adds it only to its own 401)."""

from typing import Annotated, Optional

from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer


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


bearer = HTTPBearer()


def get_current_user(
    credentials: Annotated[HTTPAuthorizationCredentials, Depends(bearer)],
    store: Annotated[UserStore, Depends(get_user_store)],
) -> dict:
    user = store.get_user(credentials.credentials)
    if user is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Invalid token",
        )
    return user


def require_role(role: str):
    def checker(user: Annotated[dict, Depends(get_current_user)]) -> dict:
        if role not in user["roles"]:
            raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="Not enough permissions")
        return user

    return checker


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
def me(user: Annotated[dict, Depends(get_current_user)]) -> dict:
    return {"username": user["username"], "roles": user["roles"]}


@app.get("/reports", dependencies=[Depends(require_role("analyst"))])
def list_reports() -> list[dict]:
    return [reports[report_id] for report_id in sorted(reports)]


@app.delete("/reports/{report_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[Depends(require_role("admin"))])
def delete_report(report_id: int) -> None:
    if report_id not in reports:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Report not found")
    del reports[report_id]
