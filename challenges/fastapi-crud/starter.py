"""An in-memory items API with FastAPI and pydantic v2. See statement.md."""

from fastapi import FastAPI

app = FastAPI()

# TODO: POST /items, GET /items, GET /items/{item_id}, PATCH /items/{item_id},
# DELETE /items/{item_id}.
