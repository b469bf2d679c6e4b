"""Wrong: the mail is sent from an async background function; background tasks run after the
response, but an async one runs on the event loop, so its blocking send stalls the loop."""

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

    async def send_confirmation(email: str, order_id: int) -> None:
        services.mailer.send(email, f"Order {order_id} confirmed")

    @app.post("/orders", status_code=201)
    async def place_order(order: OrderIn, background_tasks: BackgroundTasks) -> dict:
        product = await find_product(order.sku)
        if product["stock"] < order.quantity:
            raise HTTPException(status_code=409, detail="not enough stock")
        await run_in_threadpool(services.inventory.reserve, order.sku, order.quantity)
        price = await services.pricing.quote(order.sku)
        order_id = next(order_ids)
        background_tasks.add_task(send_confirmation, order.email, order_id)
        event = {"type": "order_placed", "order_id": order_id, "sku": order.sku, "quantity": order.quantity}
        background_tasks.add_task(services.audit.record, event)
        return {"order_id": order_id, "sku": order.sku, "quantity": order.quantity, "total": round(price * order.quantity, 2)}

    return app
