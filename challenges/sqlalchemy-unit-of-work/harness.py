"""Custom harness for sqlalchemy-unit-of-work.

SQLAlchemy is imported, the models mapped and the in-memory SQLite database made and filled
here, at module level: the runner loads this harness once in its prepared parent, before any
case is forked, so none of it counts in a case's CPU time. Each case's child starts from
that state (a fork), so the orders one case places are never seen by the next.

The candidate imports the models from `shop` (made here, no file) and writes
`place_order(Session, customer_id, items)` and `recent_orders(Session, limit)`; `Session`
is a `sessionmaker` bound to the engine, with SQLAlchemy's default settings.

Input:  {"place": [[customer_id, [[product_id, quantity], ...]], ...],   # in this order
         "recent": limit or null,                                       # then this query
         "summary": true?}      # recent reduced to counts and a digest (the large cases)
Output: {"placed": one entry per place_order call: the returned order id, or
                   {"raised": "InsufficientStock", "product_id", "requested", "available"}
                   or {"raised": "LookupError"}, or
                   {"error": "Type: message"} for an error of SQLAlchemy itself,
         "stock": {"<product id>": stock} of every product the calls named, read afterwards,
         "new_orders": the orders in the database that the case added, each
                       [order id, customer id, [[product id, quantity, unit price], ...]],
         "recent": what recent_orders returned, as plain data (when asked), or with
                   "summary" {"orders", "lines", "total_cents", "sha256" of its JSON},
         "queries": "within the budget" (3 per started block of 500 orders asked for), or
                    how many ran, the budget and the last statement (when asked)}
"""

import hashlib
import json
import math
import random
import sys
import types

import harnesskit
from sqlalchemy import ForeignKey, String, create_engine, func, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker
from sqlalchemy.pool import StaticPool

QUERIES_PER_BLOCK, BLOCK = 3, 500
CUSTOMERS, PRODUCTS, ORDERS = 300, 120, 3000


class Base(DeclarativeBase):
    pass


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    orders: Mapped[list["Order"]] = relationship(back_populates="customer", order_by="Order.id")


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    price_cents: Mapped[int]
    stock: Mapped[int]


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    customer: Mapped[Customer] = relationship(back_populates="orders")
    lines: Mapped[list["OrderLine"]] = relationship(back_populates="order", order_by="OrderLine.id")


class OrderLine(Base):
    __tablename__ = "order_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int]
    unit_price_cents: Mapped[int]
    order: Mapped[Order] = relationship(back_populates="lines")
    product: Mapped[Product] = relationship()


class InsufficientStock(Exception):
    """A product has fewer items in stock than an order asks for."""

    def __init__(self, product_id, requested, available):
        super().__init__(f"product {product_id}: {requested} requested, {available} in stock")
        self.product_id, self.requested, self.available = product_id, requested, available


# One connection for the whole in-memory database (each new connection to ":memory:" would
# be a new, empty database).
engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
Base.metadata.create_all(engine)
Session = sessionmaker(engine)

shop = types.ModuleType("shop")
shop.__doc__ = "The judge's shop: the mapped models and InsufficientStock."
for model in (Base, Customer, Product, Order, OrderLine, InsufficientStock):
    setattr(shop, model.__name__, model)
sys.modules["shop"] = shop


def _fill():
    """300 customers, 120 products (some out of stock), 3000 orders with 0 to 8 lines
    (some products twice in an order), a few customers with no order."""
    rng = random.Random(20261206)
    with Session.begin() as session:
        session.execute(insert(Customer), [{"id": i, "name": f"customer-{i:03d}"} for i in range(1, CUSTOMERS + 1)])
        session.execute(insert(Product), [
            {"id": i, "name": f"product-{i:03d}", "price_cents": rng.randrange(50, 20000),
             "stock": rng.choice([0, 1, 2, 5, 10, 25, 100])}
            for i in range(1, PRODUCTS + 1)
        ])
        buyers = range(1, CUSTOMERS - 9)
        session.execute(insert(Order), [{"id": i, "customer_id": rng.choice(buyers)} for i in range(1, ORDERS + 1)])
        lines = []
        for order_id in range(1, ORDERS + 1):
            for _ in range(rng.choice([0, 1, 2, 3, 4, 5, 6, 8])):
                lines.append({"order_id": order_id, "product_id": rng.randrange(1, PRODUCTS + 1),
                              "quantity": rng.randrange(1, 6), "unit_price_cents": rng.randrange(50, 20000)})
        session.execute(insert(OrderLine), lines)


_fill()

# While a query budget is counted, the count at which the case stops: far over the budget
# the answer is wrong already, and a query per order over thousands of orders would
# otherwise run into the time limit first.
CUTOFF_OVER_BUDGET = 50
queries = harnesskit.SQLAlchemyQueries(engine)


def _summary(recent):
    """A large result as counts and a digest, so that its case file stays small."""
    if not isinstance(recent, list) or not all(isinstance(order, dict) for order in recent):
        return recent
    lines = [line for order in recent for line in (order.get("lines") if isinstance(order.get("lines"), list) else [])]
    totals = [order.get("total_cents") for order in recent]
    return {
        "orders": len(recent),
        "lines": len(lines),
        "total_cents": sum(total for total in totals if isinstance(total, int)),
        "sha256": hashlib.sha256(json.dumps(recent, sort_keys=True).encode()).hexdigest(),
    }


def _readable(error):
    """A SQLAlchemy error as one line, without object addresses (they change every run)."""
    return {"error": harnesskit.one_line(error)}


def _place(solution, customer_id, items):
    try:
        order_id = solution.place_order(Session, customer_id, [tuple(item) for item in items])
    except InsufficientStock as error:
        return {"raised": "InsufficientStock", "product_id": harnesskit.plain(getattr(error, "product_id", None)),
                "requested": harnesskit.plain(getattr(error, "requested", None)), "available": harnesskit.plain(getattr(error, "available", None))}
    except LookupError:
        return {"raised": "LookupError"}
    except SQLAlchemyError as error:
        return _readable(error)
    return harnesskit.plain(order_id)


def _snapshot(product_ids):
    with Session() as session:
        stock = {str(product.id): product.stock
                 for product in session.scalars(select(Product).where(Product.id.in_(product_ids)).order_by(Product.id))}
        new_orders = [
            [order.id, order.customer_id, [[line.product_id, line.quantity, line.unit_price_cents] for line in order.lines]]
            for order in session.scalars(select(Order).where(Order.id > ORDERS).order_by(Order.id))
        ]
        orphans = session.scalar(select(func.count()).select_from(OrderLine).where(OrderLine.order_id > ORDERS))
        if orphans != sum(len(order[2]) for order in new_orders):
            new_orders.append(["order lines without their order", orphans])
    return stock, new_orders


def run(solution, case_input):
    observed = {}
    if case_input.get("place"):
        observed["placed"] = [_place(solution, customer_id, items) for customer_id, items in case_input["place"]]
        named = sorted({product_id for _, items in case_input["place"] for product_id, _ in items})
        observed["stock"], observed["new_orders"] = _snapshot(named)
    if case_input.get("recent") is not None:
        limit = case_input["recent"]
        budget = QUERIES_PER_BLOCK * max(1, math.ceil(limit / BLOCK))
        with queries.counting(budget, budget + CUTOFF_OVER_BUDGET) as counted:
            try:
                recent = harnesskit.plain(solution.recent_orders(Session, limit))
                observed["recent"] = _summary(recent) if case_input.get("summary") else recent
            except harnesskit.TooManyQueries:
                observed["recent"] = None
            except SQLAlchemyError as error:
                if queries.cut_off(error) or "TooManyQueries" in type(error).__name__:
                    observed["recent"] = None
                else:
                    observed["recent"] = _readable(error)
        observed["queries"] = counted.summary("within the budget")
        fact("queries", counted.fact())  # noqa: F821 - the runner's
    return observed
