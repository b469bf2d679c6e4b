"""Wrong: the mail and the audit record are done inline, before the response: nothing blocks the
event loop, but the client waits for work it does not need (and a slow mail server delays every order)."""

import asyncio
import itertools

from fastapi import BackgroundTasks, FastAPI, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field


class OrderIn(BaseModel):
    sku: str
    quantity: int = Field(ge=1)
    email: str


def create_app(services) -> FastAPI:
    app = FastAPI()
    order_ids = itertools.count(1)

    async def find_product(sku: str) -> dict:
        product = await run_in_threadpool(services.inventory.lookup, sku)
        if product is None:
            raise HTTPException(status_code=404, detail="unknown sku")
        return product

    @app.get("/products/{sku}")
    async def get_product(sku: str) -> dict:
        product = await find_product(sku)
        price = await services.pricing.quote(sku)
        return {**product, "price": price}

    @app.get("/quotes")
    async def get_quotes(sku: list[str] = Query()) -> dict:
        prices = await asyncio.gather(*(services.pricing.quote(each) for each in sku))
        return {"quotes": [{"sku": each, "price": price} for each, price in zip(sku, prices)]}

    @app.post("/orders", status_code=201)
    async def place_order(order: OrderIn, background_tasks: BackgroundTasks) -> dict:
        product = await find_product(order.sku)
        if product["stock"] < order.quantity:
            raise HTTPException(status_code=409, detail="not enough stock")
        await run_in_threadpool(services.inventory.reserve, order.sku, order.quantity)
        price = await services.pricing.quote(order.sku)
        order_id = next(order_ids)
        await run_in_threadpool(services.mailer.send, order.email, f"Order {order_id} confirmed")
        event = {"type": "order_placed", "order_id": order_id, "sku": order.sku, "quantity": order.quantity}
        await services.audit.record(event)
        return {"order_id": order_id, "sku": order.sku, "quantity": order.quantity, "total": round(price * order.quantity, 2)}

    return app
