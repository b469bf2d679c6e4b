"""Accepted: the rules written once, as plain functions both frameworks call; FastAPI only
parses JSON, and every check and error body is our own."""

from typing import Any, Optional

from fastapi import Body, FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from flask import Flask, abort, jsonify, request
from starlette.exceptions import HTTPException as StarletteHTTPException

ERROR_NAMES = {404: "not found", 405: "method not allowed"}


def parse_limit(raw: Optional[str]) -> Optional[int]:
    """The limit query parameter, or None when it is not a whole number from 1 to 100."""
    if raw is None:
        return 20
    try:
        value = int(raw)
    except ValueError:
        return None
    return value if raw.isdigit() and 1 <= value <= 100 else None


def parse_id(raw: str) -> Optional[int]:
    return int(raw) if raw.isdigit() else None


def invalid_fields(payload: Any) -> list[str]:
    if type(payload) is not dict:
        return ["body"]
    bad = []
    title = payload.get("title")
    if type(title) is not str or len(title) == 0 or len(title) > 100:
        bad.append("title")
    tags = payload.get("tags", [])
    if type(tags) is not list or any(type(tag) is not str or tag == "" for tag in tags):
        bad.append("tags")
    return bad


class Notes:
    def __init__(self):
        self.by_id: dict[int, dict] = {}
        self.next_id = 1

    def create(self, payload: dict) -> dict:
        note = {"id": self.next_id, "title": payload["title"], "tags": list(payload.get("tags", []))}
        self.by_id[self.next_id] = note
        self.next_id += 1
        return note

    def listing(self, tag: Optional[str], limit: int) -> list[dict]:
        return [note for note in self.by_id.values() if tag is None or tag in note["tags"]][:limit]


def bad_request(fields: list[str]) -> dict:
    return {"error": "validation", "fields": sorted(fields)}


def create_flask_app() -> Flask:
    app = Flask(__name__)
    notes = Notes()

    @app.route("/notes", methods=["GET", "POST"])
    def collection():
        if request.method == "POST":
            payload = request.get_json(silent=True)
            fields = invalid_fields(payload)
            if fields:
                return bad_request(fields), 400
            return notes.create(payload), 201
        limit = parse_limit(request.args.get("limit"))
        if limit is None:
            return bad_request(["limit"]), 400
        return jsonify(notes.listing(request.args.get("tag"), limit))

    @app.route("/notes/<note_id>", methods=["GET", "DELETE"])
    def item(note_id):
        number = parse_id(note_id)
        if number is None or number not in notes.by_id:
            abort(404)
        if request.method == "DELETE":
            del notes.by_id[number]
            return "", 204
        return notes.by_id[number]

    for code in ERROR_NAMES:
        app.register_error_handler(code, lambda error, code=code: ({"error": ERROR_NAMES[code]}, code))
    return app


def create_fastapi_app() -> FastAPI:
    app = FastAPI(redirect_slashes=False)
    notes = Notes()

    def not_found() -> JSONResponse:
        return JSONResponse({"error": "not found"}, status_code=404)

    @app.get("/notes")
    def list_notes(tag: Optional[str] = None, limit: Optional[str] = None):
        number = parse_limit(limit)
        if number is None:
            return JSONResponse(bad_request(["limit"]), status_code=400)
        return notes.listing(tag, number)

    @app.post("/notes")
    def create_note(payload: Any = Body(None)):
        fields = invalid_fields(payload)
        if fields:
            return JSONResponse(bad_request(fields), status_code=400)
        return JSONResponse(notes.create(payload), status_code=201)

    @app.get("/notes/{note_id}")
    def read_note(note_id: str):
        number = parse_id(note_id)
        if number is None or number not in notes.by_id:
            return not_found()
        return notes.by_id[number]

    @app.delete("/notes/{note_id}")
    def delete_note(note_id: str):
        number = parse_id(note_id)
        if number is None or notes.by_id.pop(number, None) is None:
            return not_found()
        return Response(status_code=204)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request, error):
        return JSONResponse({"error": ERROR_NAMES.get(error.status_code, "error")}, status_code=error.status_code)

    @app.exception_handler(RequestValidationError)
    async def unreadable_body(request, error):
        return JSONResponse(bad_request(["body"]), status_code=400)

    return app
