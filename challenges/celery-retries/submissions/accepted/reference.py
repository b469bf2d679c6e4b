"""Reference: autoretry_for the timeouts with Celery's exponential backoff, an explicit
self.retry for the rate limit's own delay, the receipt kept in the shared store."""

from payments import CardDeclined, GatewayTimeout, RateLimited, app, gateway, store  # noqa: F401


@app.task(
    bind=True,
    autoretry_for=(GatewayTimeout,),
    max_retries=4,
    retry_backoff=2,
    retry_jitter=False,
)
def charge_order(self, order_id, amount_cents):
    key = f"charge:{order_id}"
    receipt = store.get(key)
    if receipt is not None:
        return receipt
    try:
        receipt = gateway.charge(order_id, amount_cents)
    except RateLimited as error:
        raise self.retry(exc=error, countdown=error.retry_after)
    store.set(key, receipt)
    return receipt
