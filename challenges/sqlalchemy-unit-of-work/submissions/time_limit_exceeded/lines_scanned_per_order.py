"""TOO SLOW: batches the loading by hand, in two queries (within the budget), but then
finds each order's lines by scanning every loaded line once per order: O(orders x lines)
in Python, where selectinload (or a dict keyed by order id) groups them in one pass."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

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
        session.flush()
        return order.id


def recent_orders(Session, limit):
    with Session() as session:
        orders = session.scalars(
            select(Order).options(joinedload(Order.customer)).order_by(Order.id.desc()).limit(limit)
        ).all()
        newest, oldest = (orders[0].id, orders[-1].id) if orders else (0, 0)
        lines = session.scalars(
            select(OrderLine)
            .options(joinedload(OrderLine.product))
            .where(OrderLine.order_id.between(oldest, newest))
            .order_by(OrderLine.id)
        ).all()
        result = []
        for order in orders:
            mine = [line for line in lines if line.order_id == order.id]
            result.append({
                "id": order.id,
                "customer": order.customer.name,
                "lines": [
                    {"product": line.product.name, "quantity": line.quantity, "unit_price_cents": line.unit_price_cents}
                    for line in mine
                ],
                "total_cents": sum(line.quantity * line.unit_price_cents for line in mine),
            })
        return result
