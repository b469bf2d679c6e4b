"""Wrong: without bind=True there is no self.retry, so the rate limit is "retried" by
sending a new message and returning. The delivery then succeeds with no receipt, the new
message starts again at retries=0 (no bound), and a caller waiting on the result gets None."""

from payments import GatewayTimeout, RateLimited, app, gateway, store


@app.task(autoretry_for=(GatewayTimeout,), max_retries=4, retry_backoff=2, retry_jitter=False)
def charge_order(order_id, amount_cents):
    key = f"charge:{order_id}"
    receipt = store.get(key)
    if receipt is not None:
        return receipt
    try:
        receipt = gateway.charge(order_id, amount_cents)
    except RateLimited as error:
        charge_order.apply_async((order_id, amount_cents), countdown=error.retry_after)
        return None
    store.set(key, receipt)
    return receipt
