# Mistake: refuses a note only when the application holds MORE than MAX_NOTES, so one note
# too many is saved before the 409.
"""Reference: an application factory with a blueprint, JSON error handlers and configuration."""

from flask import Blueprint, Flask, abort, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

DEFAULTS = {"GREETING": "hello", "MAX_NOTES": 3}

notes = Blueprint("notes", __name__)


def store():
    return current_app.extensions["notes"]


@notes.get("/hello")
def hello():
    return {"message": current_app.config["GREETING"]}


@notes.get("/notes")
def list_notes():
    return jsonify(store())


@notes.post("/notes")
def create_note():
    payload = request.get_json(silent=True)
    text = payload.get("text") if isinstance(payload, dict) else None
    if not isinstance(text, str) or not text.strip():
        abort(400, description="text is required")
    saved = store()
    if len(saved) > current_app.config["MAX_NOTES"]:
        abort(409, description="note limit reached")
    note = {"id": len(saved) + 1, "text": text}
    saved.append(note)
    return note, 201


@notes.get("/notes/<int:note_id>")
def get_note(note_id):
    for note in store():
        if note["id"] == note_id:
            return note
    abort(404, description="no such note")


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(DEFAULTS)
    if config:
        app.config.update(config)
    app.extensions["notes"] = []
    app.register_blueprint(notes, url_prefix="/api")

    @app.errorhandler(HTTPException)
    def json_error(error):
        body = {"error": error.name.lower()}
        if error.code in (400, 409):
            body["message"] = error.description
        return body, error.code

    return app
