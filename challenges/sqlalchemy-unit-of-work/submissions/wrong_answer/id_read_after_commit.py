"""Wrong: reads the new order's id after the transaction block. Leaving Session.begin()
commits and closes the session; the commit expired the order's attributes, so reading
order.id needs a refresh that a detached object cannot do: DetachedInstanceError."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from shop import Customer, InsufficientStock, Order, OrderLine, Product


def place_order(Session, customer_id, items):
    with Session.begin() as session:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise LookupError(f"no customer {customer_id}")
        order = Order(customer=customer)
        session.add(order)
        for product_id, quantity in items:
            product = session.get(Product, product_id)
            if product is None:
                raise LookupError(f"no product {product_id}")
            if product.stock < quantity:
                raise InsufficientStock(product_id, quantity, product.stock)
            product.stock -= quantity
            order.lines.append(OrderLine(product=product, quantity=quantity, unit_price_cents=product.price_cents))
    return order.id


def recent_orders(Session, limit):
    statement = (
        select(Order)
        .options(joinedload(Order.customer), selectinload(Order.lines).joinedload(OrderLine.product))
        .order_by(Order.id.desc())
        .limit(limit)
    )
    with Session() as session:
        return [
            {
                "id": order.id,
                "customer": order.customer.name,
                "lines": [
                    {"product": line.product.name, "quantity": line.quantity, "unit_price_cents": line.unit_price_cents}
                    for line in order.lines
                ],
                "total_cents": sum(line.quantity * line.unit_price_cents for line in order.lines),
            }
            for order in session.scalars(statement)
        ]
