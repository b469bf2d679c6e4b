"""Wrong: autoretry_for=(Exception,) retries a declined card four times too, 30 seconds of
pointless attempts that can never succeed (and hammer the gateway)."""

from payments import RateLimited, app, gateway, store


@app.task(bind=True, autoretry_for=(Exception,), max_retries=4, retry_backoff=2, retry_jitter=False)
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
