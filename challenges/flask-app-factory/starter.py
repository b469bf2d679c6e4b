"""A Flask application factory with a blueprint and JSON errors. See statement.md."""

from flask import Blueprint, Flask

notes = Blueprint("notes", __name__)


def create_app(config=None):
    app = Flask(__name__)
    # TODO: defaults, config, the notes store, the blueprint at /api, JSON error handlers.
    return app
