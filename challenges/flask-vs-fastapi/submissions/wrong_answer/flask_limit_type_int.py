"""Wrong: Flask's request.args.get("limit", 20, type=int) falls back to the default when the value is
not an integer, so ?limit=abc lists 20 notes where FastAPI (and the API) answer 400."""

from http import HTTPStatus
from typing import Annotated, Optional

import flask
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from werkzeug.exceptions import HTTPException as WerkzeugHTTPException

NOT_FOUND = {"error": "not found"}


class NoteStore:
    """The notes of one application; ids count from 1 and are never reused."""

    def __init__(self):
        self.notes: dict[int, dict] = {}
        self.last_id = 0

    def add(self, title: str, tags: list[str]) -> dict:
        self.last_id += 1
        note = {"id": self.last_id, "title": title, "tags": list(tags)}
        self.notes[note["id"]] = note
        return note

    def select(self, tag: Optional[str], limit: int) -> list[dict]:
        chosen = [note for note in self.notes.values() if tag is None or tag in note["tags"]]
        return chosen[:limit]


def validation_error(fields) -> dict:
    return {"error": "validation", "fields": sorted(set(fields))}


# Flask

def _flask_limit(raw: Optional[str]) -> Optional[int]:
    if raw is None:
        return 20
    if not raw.isdigit() or not 1 <= int(raw) <= 100:
        return None
    return int(raw)


def _flask_note_errors(payload) -> list[str]:
    if not isinstance(payload, dict):
        return ["body"]
    errors = []
    title = payload.get("title")
    if not isinstance(title, str) or not 1 <= len(title) <= 100:
        errors.append("title")
    tags = payload.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) and tag for tag in tags):
        errors.append("tags")
    return errors


def create_flask_app() -> flask.Flask:
    app = flask.Flask(__name__)
    store = NoteStore()

    @app.get("/notes")
    def list_notes():
        limit = flask.request.args.get("limit", 20, type=int)
        if not 1 <= limit <= 100:
            return validation_error(["limit"]), 400
        return flask.jsonify(store.select(flask.request.args.get("tag"), limit))

    @app.post("/notes")
    def create_note():
        payload = flask.request.get_json(silent=True)
        errors = _flask_note_errors(payload)
        if errors:
            return validation_error(errors), 400
        return store.add(payload["title"], payload.get("tags", [])), 201

    @app.get("/notes/<int:note_id>")
    def get_note(note_id):
        if note_id not in store.notes:
            return NOT_FOUND, 404
        return store.notes[note_id]

    @app.delete("/notes/<int:note_id>")
    def delete_note(note_id):
        if store.notes.pop(note_id, None) is None:
            return NOT_FOUND, 404
        return "", 204

    @app.errorhandler(WerkzeugHTTPException)
    def json_error(error):
        return {"error": error.name.lower()}, error.code

    return app


# FastAPI

class NoteIn(BaseModel):
    title: str = Field(min_length=1, max_length=100)
    tags: list[Annotated[str, Field(min_length=1)]] = []


def create_fastapi_app() -> FastAPI:
    app = FastAPI(redirect_slashes=False)
    store = NoteStore()

    @app.get("/notes")
    def list_notes(tag: Optional[str] = None, limit: Annotated[int, Query(ge=1, le=100)] = 20) -> list[dict]:
        return store.select(tag, limit)

    @app.post("/notes", status_code=201)
    def create_note(note: NoteIn) -> dict:
        return store.add(note.title, note.tags)

    @app.get("/notes/{note_id}")
    def get_note(note_id: int):
        if note_id not in store.notes:
            return JSONResponse(NOT_FOUND, status_code=404)
        return store.notes[note_id]

    @app.delete("/notes/{note_id}")
    def delete_note(note_id: int):
        if store.notes.pop(note_id, None) is None:
            return JSONResponse(NOT_FOUND, status_code=404)
        return Response(status_code=204)

    @app.exception_handler(StarletteHTTPException)
    async def json_error(request: Request, error: StarletteHTTPException):
        return JSONResponse({"error": HTTPStatus(error.status_code).phrase.lower()}, status_code=error.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError):
        fields = []
        for problem in error.errors():
            where = problem["loc"]
            if where[0] == "path":
                # Flask's <int:note_id> matches no route for "abc": a 404, not a bad request.
                return JSONResponse(NOT_FOUND, status_code=404)
            if where[0] == "body":
                fields.append(where[1] if len(where) > 1 and isinstance(where[1], str) else "body")
            else:
                fields.append(str(where[-1]))
        return JSONResponse(validation_error(fields), status_code=400)

    return app
