"""Wrong: retries are right, but nothing is looked up before charging: a message delivered
twice (a lost acknowledgement, a worker restart) charges the customer twice."""

from payments import GatewayTimeout, RateLimited, app, gateway, store


@app.task(bind=True, autoretry_for=(GatewayTimeout,), max_retries=4, retry_backoff=2, retry_jitter=False)
def charge_order(self, order_id, amount_cents):
    try:
        receipt = gateway.charge(order_id, amount_cents)
    except RateLimited as error:
        raise self.retry(exc=error, countdown=error.retry_after)
    store.set(f"charge:{order_id}", receipt)
    return receipt
