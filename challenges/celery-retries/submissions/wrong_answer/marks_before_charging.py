"""Wrong: claims the idempotency key before the charge and never releases it when the
charge fails, so the retry (or a later delivery) finds the key, skips the charge and
reports the placeholder as a receipt: the order is never paid."""

from payments import GatewayTimeout, RateLimited, app, gateway, store


@app.task(bind=True, autoretry_for=(GatewayTimeout,), max_retries=4, retry_backoff=2, retry_jitter=False)
def charge_order(self, order_id, amount_cents):
    key = f"charge:{order_id}"
    seen = store.get(key)
    if seen is not None:
        return seen
    store.set(key, "processing")
    try:
        receipt = gateway.charge(order_id, amount_cents)
    except RateLimited as error:
        raise self.retry(exc=error, countdown=error.retry_after)
    store.set(key, receipt)
    return receipt
