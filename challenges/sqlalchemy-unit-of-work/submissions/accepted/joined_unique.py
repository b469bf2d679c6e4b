"""Second approach: an explicit session with commit and rollback for the order (all the
products fetched by one IN query, the id taken from a flush before the commit expires the
object); the recent orders in ONE query, every relation joined, the duplicate parent rows
folded with .unique()."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from shop import Customer, InsufficientStock, Order, OrderLine, Product


def place_order(Session, customer_id, items):
    session = Session()
    try:
        if session.get(Customer, customer_id) is None:
            raise LookupError(f"no customer {customer_id}")
        order = Order(customer_id=customer_id)
        session.add(order)
        wanted_ids = {product_id for product_id, _ in items}
        products = {product.id: product for product in session.scalars(select(Product).where(Product.id.in_(wanted_ids)))}
        for product_id, quantity in items:
            product = products.get(product_id)
            if product is None:
                raise LookupError(f"no product {product_id}")
            if quantity > product.stock:
                raise InsufficientStock(product_id, quantity, product.stock)
            product.stock = product.stock - quantity
            session.add(OrderLine(order=order, product=product, quantity=quantity, unit_price_cents=product.price_cents))
        session.flush()
        order_id = order.id
        session.commit()
        return order_id
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def recent_orders(Session, limit):
    statement = (
        select(Order)
        .options(joinedload(Order.customer), joinedload(Order.lines).joinedload(OrderLine.product))
        .order_by(Order.id.desc())
        .limit(limit)
    )
    with Session() as session:
        orders = session.scalars(statement).unique().all()
        result = []
        for order in orders:
            lines = [
                {"product": line.product.name, "quantity": line.quantity, "unit_price_cents": line.unit_price_cents}
                for line in order.lines
            ]
            result.append({
                "id": order.id,
                "customer": order.customer.name,
                "lines": lines,
                "total_cents": sum(line["quantity"] * line["unit_price_cents"] for line in lines),
            })
        return result
