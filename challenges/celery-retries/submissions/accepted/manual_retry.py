"""Second approach: no autoretry_for; one except clause per error class, each asking the
bound task for a retry with its own countdown, the backoff computed from request.retries."""

from payments import CardDeclined, GatewayTimeout, RateLimited, app, gateway, store


@app.task(bind=True, max_retries=4)
def charge_order(self, order_id, amount_cents):
    key = f"charge:{order_id}"
    if (receipt := store.get(key)) is not None:
        return receipt
    try:
        receipt = gateway.charge(order_id, amount_cents)
    except CardDeclined:
        raise
    except RateLimited as error:
        raise self.retry(exc=error, countdown=error.retry_after)
    except GatewayTimeout as error:
        raise self.retry(exc=error, countdown=2 * 2**self.request.retries)
    store.set(key, receipt)
    return receipt
