"""Async endpoints over blocking and async services, with background tasks. See statement.md."""

from fastapi import BackgroundTasks, FastAPI, HTTPException
from pydantic import BaseModel


class OrderIn(BaseModel):
    sku: str
    quantity: int
    email: str


def create_app(services) -> FastAPI:
    """A new application that uses services.inventory, .pricing, .mailer and .audit."""
    app = FastAPI()

    # TODO: GET /products/{sku}, GET /quotes?sku=...&sku=..., POST /orders

    return app
