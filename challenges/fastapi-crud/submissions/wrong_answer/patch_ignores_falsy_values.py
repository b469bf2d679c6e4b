# Mistake: picks the fields to change with "if value", which drops the unsent fields (None)
# but also a quantity set to 0: PATCH {"quantity": 0} leaves the old quantity.
"""Reference: an in-memory items API with pydantic v2 models."""

from typing import Annotated, Optional

from fastapi import FastAPI, HTTPException, Query, Response, status
from pydantic import BaseModel, Field

app = FastAPI()

SKU = r"^[A-Z]{3}-[0-9]{4}$"


class ItemIn(BaseModel):
    name: str = Field(min_length=1, max_length=50)
    price: float = Field(gt=0)
    quantity: int = Field(default=0, ge=0)
    sku: str = Field(pattern=SKU)


class ItemUpdate(BaseModel):
    name: Optional[str] = Field(default=None, min_length=1, max_length=50)
    price: Optional[float] = Field(default=None, gt=0)
    quantity: Optional[int] = Field(default=None, ge=0)
    sku: Optional[str] = Field(default=None, pattern=SKU)


class ItemOut(ItemIn):
    id: int


items: dict[int, ItemOut] = {}
next_id = [1]


def find(item_id: int) -> ItemOut:
    item = items.get(item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="item not found")
    return item


def sku_taken(sku: str, other_than: Optional[int] = None) -> bool:
    return any(item.sku == sku and item.id != other_than for item in items.values())


@app.post("/items", status_code=status.HTTP_201_CREATED, response_model=ItemOut)
def create_item(payload: ItemIn) -> ItemOut:
    if sku_taken(payload.sku):
        raise HTTPException(status_code=409, detail="sku already exists")
    item = ItemOut(id=next_id[0], **payload.model_dump())
    next_id[0] += 1
    items[item.id] = item
    return item


@app.get("/items", response_model=list[ItemOut])
def list_items(
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    offset: Annotated[int, Query(ge=0)] = 0,
    min_price: Annotated[Optional[float], Query(ge=0)] = None,
) -> list[ItemOut]:
    chosen = [item for _, item in sorted(items.items()) if min_price is None or item.price >= min_price]
    return chosen[offset : offset + limit]


@app.get("/items/{item_id}", response_model=ItemOut)
def get_item(item_id: int) -> ItemOut:
    return find(item_id)


@app.patch("/items/{item_id}", response_model=ItemOut)
def update_item(item_id: int, payload: ItemUpdate) -> ItemOut:
    item = find(item_id)
    changes = {key: value for key, value in payload.model_dump().items() if value}
    if "sku" in changes and sku_taken(changes["sku"], other_than=item_id):
        raise HTTPException(status_code=409, detail="sku already exists")
    updated = item.model_copy(update=changes)
    items[item_id] = updated
    return updated


@app.delete("/items/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_item(item_id: int) -> Response:
    find(item_id)
    del items[item_id]
    return Response(status_code=status.HTTP_204_NO_CONTENT)
