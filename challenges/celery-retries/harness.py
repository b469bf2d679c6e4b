"""Custom harness for celery-retries.

Celery is imported and its app made here, at module level: the runner loads this harness
once in its prepared parent, before any case is forked, so the import never counts in a
case's CPU time. The app runs tasks eagerly (`harnesskit.celery_eager_app`): a message sent
with `apply_async` runs at once in this process, and a retry runs at once too, nested,
instead of after its countdown. Nothing sleeps and nothing touches the network; the runs
and the countdown each retry asked for are read from Celery's own signals
(`harnesskit.CeleryDeliveries`).

The candidate imports from `payments` (made here, no file): `app`, `gateway`, `store` and
the gateway's exceptions, and defines the task `charge_order(order_id, amount_cents)`.

Input:  {"gateway": {"<order_id>": ["timeout", "ratelimit:30", "declined", "ok", ...]},
         "store": {"charge:<order_id>": "<receipt>"}?,        # charged before the case
         "deliveries": [{"order": 17, "amount": 1250, "redeliver": 0?}, ...]}
        The script of an order says what the gateway does on each of its calls (the last
        entry repeats once the script runs out). A delivery with "redeliver": k sends the
        message of delivery k again (same task id and arguments), as a broker does after a
        lost acknowledgement.
Output: {"deliveries": [{"order", "state": "SUCCESS" | "FAILURE",
                         "result": the receipt, or the exception's type on a failure
                                   (with its message when it is none of the gateway's),
                         "runs": how many times the task body ran for this delivery,
                         "countdowns": the countdown of each retry, in order}],
         "charges": {"<order_id>": successful gateway charges}}
        A task that retries without bound is stopped after MAX_RUNS runs of one delivery:
        its state is "RUNAWAY".
"""

import sys
import types

import harnesskit
from celery.app.task import Task

MAX_RUNS = 12

app = harnesskit.celery_eager_app("payments")
deliveries = harnesskit.CeleryDeliveries(MAX_RUNS)


class GatewayTimeout(Exception):
    """The gateway did not answer in time: nothing was charged; try again later."""


class RateLimited(Exception):
    """The gateway refuses calls for `retry_after` seconds: nothing was charged."""

    def __init__(self, retry_after):
        super().__init__(f"rate limited: retry after {retry_after} s")
        self.retry_after = retry_after


class CardDeclined(Exception):
    """The card was refused: permanent; nothing was charged."""


class Gateway:
    """The payment gateway: each call follows the order's script."""

    def __init__(self):
        self.scripts = {}
        self.calls = {}
        self.charges = {}

    def charge(self, order_id, amount_cents):
        script = self.scripts.get(order_id) or ["ok"]
        call = self.calls.get(order_id, 0)
        self.calls[order_id] = call + 1
        step = script[min(call, len(script) - 1)]
        if step == "timeout":
            raise GatewayTimeout(f"gateway timed out charging order {order_id}")
        if step.startswith("ratelimit:"):
            raise RateLimited(int(step.split(":", 1)[1]))
        if step == "declined":
            raise CardDeclined(f"card declined for order {order_id}")
        self.charges[order_id] = self.charges.get(order_id, 0) + 1
        return f"rcpt-{order_id}-{amount_cents}-{self.charges[order_id]}"


class Store:
    """The idempotency store, shared by every worker (think of a Redis hash)."""

    def __init__(self):
        self._data = {}

    def get(self, key):
        """The value stored under `key`, or None."""
        return self._data.get(key)

    def set(self, key, value):
        """Store `value` under `key` (replacing any value)."""
        self._data[key] = value


gateway = Gateway()
store = Store()

payments = types.ModuleType("payments")
payments.__doc__ = "The judge's payment service: the Celery app, the gateway and the store."
for name, value in {
    "app": app, "gateway": gateway, "store": store, "GatewayTimeout": GatewayTimeout,
    "RateLimited": RateLimited, "CardDeclined": CardDeclined,
}.items():
    setattr(payments, name, value)
sys.modules["payments"] = payments

def _deliver(task, message):
    state, result = deliveries.deliver(task, message["args"], message["id"])
    if state in ("SUCCESS", "RUNAWAY"):
        return state, result
    if isinstance(result, (GatewayTimeout, RateLimited, CardDeclined)):
        return state, type(result).__name__
    if isinstance(result, BaseException):
        # Any other failure (a NameError, Celery's own MaxRetriesExceededError, ...) with its
        # message, so that the candidate sees why, on a sample.
        return state, harnesskit.describe(result, limit=200)
    return state, harnesskit.plain(result)


def run(solution, case_input):
    task = getattr(solution, "charge_order", None)
    if not isinstance(task, Task):
        return {"error": "charge_order is not a Celery task: define it with @app.task(...) on the app from payments"}
    if task.app is not app:
        # Another app would send the message to a broker that does not exist here.
        return {"error": "charge_order is registered on another Celery app: use the app from payments"}
    gateway.scripts = {int(order): script for order, script in case_input["gateway"].items()}
    for key, value in (case_input.get("store") or {}).items():
        store.set(key, value)
    messages, observed = [], []
    for index, delivery in enumerate(case_input["deliveries"]):
        if "redeliver" in delivery:
            message = messages[delivery["redeliver"]]
        else:
            message = {"id": f"msg-{index}", "args": (delivery["order"], delivery["amount"])}
        messages.append(message)
        state, result = _deliver(task, message)
        observed.append({
            "order": message["args"][0], "state": state, "result": result,
            "runs": deliveries.runs, "countdowns": list(deliveries.countdowns),
        })
    fact("countdowns", "; ".join(f"order {d['order']}: {d['countdowns']}" for d in observed))
    return {"deliveries": observed, "charges": {str(order): count for order, count in sorted(gateway.charges.items())}}
