"""An order placed as one unit of work, and the recent orders within a query budget.
See statement.md."""

from sqlalchemy import select  # noqa: F401
from sqlalchemy.orm import joinedload, selectinload  # noqa: F401

from shop import Customer, InsufficientStock, Order, OrderLine, Product  # noqa: F401


def place_order(Session, customer_id, items):
    """Place an order of `items` ((product_id, quantity) pairs) for the customer, all or
    nothing, and return the new order's id."""
    raise NotImplementedError


def recent_orders(Session, limit):
    """The `limit` newest orders, newest first, with their customer and lines, as dicts."""
    raise NotImplementedError
