"""Wrong: max_retries=None means "retry forever" in Celery: a gateway that stays down keeps
the message cycling through the queue instead of failing it."""

from payments import GatewayTimeout, RateLimited, app, gateway, store


@app.task(bind=True, autoretry_for=(GatewayTimeout,), max_retries=None, retry_backoff=2, retry_jitter=False)
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
