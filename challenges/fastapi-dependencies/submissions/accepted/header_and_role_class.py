"""Accepted: the header parsed by hand with Header(), and the role check as a callable class."""

from typing import Annotated, Optional

from fastapi import Depends, FastAPI, Header, HTTPException, Response


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


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


async def get_current_user(
    store: Annotated[UserStore, Depends(get_user_store)],
    authorization: Annotated[Optional[str], Header()] = None,
) -> dict:
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise unauthorized("Not authenticated")
    user = store.get_user(token)
    if user is None:
        raise unauthorized("Invalid token")
    return user


class RoleChecker:
    def __init__(self, role: str):
        self.role = role

    def __call__(self, user: Annotated[dict, Depends(get_current_user)]) -> dict:
        if self.role not in user["roles"]:
            raise HTTPException(403, detail="Not enough permissions")
        return user


Analyst = Annotated[dict, Depends(RoleChecker("analyst"))]
Admin = Annotated[dict, Depends(RoleChecker("admin"))]

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
async def me(user: Annotated[dict, Depends(get_current_user)]) -> dict:
    return {"username": user["username"], "roles": user["roles"]}


@app.get("/reports")
async def list_reports(_: Analyst) -> list[dict]:
    return sorted(reports.values(), key=lambda report: report["id"])


@app.delete("/reports/{report_id}")
async def delete_report(report_id: int, _: Admin) -> Response:
    if reports.pop(report_id, None) is None:
        raise HTTPException(404, detail="Report not found")
    return Response(status_code=204)
