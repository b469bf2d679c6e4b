"""Accepted: asyncio.to_thread for the blocking calls, a TaskGroup for the quotes, and the
background work attached to the response itself."""

import asyncio
from typing import Annotated

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.background import BackgroundTasks


class OrderIn(BaseModel):
    sku: str
    quantity: Annotated[int, Field(gt=0)]
    email: str


def create_app(services) -> FastAPI:
    app = FastAPI()
    orders_placed = 0

    async def product_or_404(sku: str) -> dict:
        product = await asyncio.to_thread(services.inventory.lookup, sku)
        if product is None:
            raise HTTPException(404, "unknown sku")
        return product

    @app.get("/products/{sku}")
    async def read_product(sku: str):
        product = await product_or_404(sku)
        return dict(product, price=await services.pricing.quote(sku))

    @app.get("/quotes")
    async def read_quotes(sku: Annotated[list[str], Query()]):
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(services.pricing.quote(each)) for each in sku]
        return {"quotes": [{"sku": each, "price": task.result()} for each, task in zip(sku, tasks)]}

    @app.post("/orders")
    async def create_order(order: OrderIn):
        nonlocal orders_placed
        product = await product_or_404(order.sku)
        if order.quantity > product["stock"]:
            raise HTTPException(409, "not enough stock")
        await asyncio.to_thread(services.inventory.reserve, order.sku, order.quantity)
        unit_price = await services.pricing.quote(order.sku)
        orders_placed += 1
        order_id = orders_placed
        after = BackgroundTasks()
        after.add_task(services.mailer.send, order.email, "Order %d confirmed" % order_id)
        after.add_task(
            services.audit.record,
            {"type": "order_placed", "order_id": order_id, "sku": order.sku, "quantity": order.quantity},
        )
        body = {"order_id": order_id, "sku": order.sku, "quantity": order.quantity, "total": round(unit_price * order.quantity, 2)}
        return JSONResponse(body, status_code=201, background=after)

    return app
