"""One notes API, twice: in Flask and in FastAPI, behaving the same. See statement.md."""

import flask
from fastapi import FastAPI


def create_flask_app() -> flask.Flask:
    """A new Flask application with its own, empty notes."""
    app = flask.Flask(__name__)
    # TODO: GET /notes, POST /notes, GET /notes/<id>, DELETE /notes/<id>, JSON errors
    return app


def create_fastapi_app() -> FastAPI:
    """A new FastAPI application with its own, empty notes."""
    app = FastAPI()
    # TODO: the same endpoints, the same answers
    return app
