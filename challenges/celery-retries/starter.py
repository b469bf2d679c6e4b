"""A Celery task that charges an order: retries with backoff, idempotent on redelivery.
See statement.md."""

from payments import CardDeclined, GatewayTimeout, RateLimited, app, gateway, store  # noqa: F401


@app.task
def charge_order(order_id, amount_cents):
    """Charge `amount_cents` for order `order_id` once and return the gateway's receipt."""
    raise NotImplementedError
