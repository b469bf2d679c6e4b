"""Custom harness for celery-retries.

Celery is imported and its app made here, at module level: the runner loads this harness
once in its prepared parent, before any case is forked, so the import never counts in a
case's CPU time. The app runs tasks eagerly (`task_always_eager`): a message sent with
`apply_async` runs at once in this process, and a retry runs at once too, nested, instead
of after its countdown. Nothing sleeps and nothing touches the network; the countdown each
retry asked for is read from Celery's own `task_retry` signal (`Retry.when`).

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

from celery import Celery, signals
from celery.app.task import Task

MAX_RUNS = 12

app = Celery("payments", set_as_current=True)
app.conf.update(
    task_always_eager=True,
    # A failure is data here (the delivery's FAILURE state), as a worker records it; with
    # propagation on, an eager retry would escape as celery.exceptions.Retry instead.
    task_eager_propagates=False,
    task_store_eager_result=False,
    broker_url="memory://",
    result_backend=None,
    worker_hijack_root_logger=False,
)
app.finalize()


class GatewayTimeout(Exception):
    """The gateway did not answer in time: nothing was charged; try again later."""


class RateLimited(Exception):
    """The gateway refuses calls for `retry_after` seconds: nothing was charged."""

    def __init__(self, retry_after):
        super().__init__(f"rate limited: retry after {retry_after} s")
        self.retry_after = retry_after


class CardDeclined(Exception):
    """The card was refused: permanent; nothing was charged."""


class Runaway(BaseException):
    """The harness's own stop for a task that retries without bound (not an Exception,
    so no autoretry_for catches it)."""


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

# What the current delivery did, filled by Celery's signals.
_current = {"runs": 0, "countdowns": []}


@signals.task_prerun.connect
def _count_run(sender=None, **_):
    _current["runs"] += 1
    if _current["runs"] > MAX_RUNS:
        raise Runaway()


@signals.task_retry.connect
def _record_retry(sender=None, reason=None, **_):
    when = getattr(reason, "when", None)
    _current["countdowns"].append(when if isinstance(when, (int, float)) or when is None else str(when))


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return f"<object {type(value).__name__}>"


def _deliver(task, message):
    _current["runs"], _current["countdowns"] = 0, []
    try:
        result = task.apply_async(args=message["args"], task_id=message["id"])
    except Runaway:
        return "RUNAWAY", f"stopped after {MAX_RUNS} runs"
    if result.state == "SUCCESS":
        return "SUCCESS", _plain(result.result)
    error = result.result
    if isinstance(error, (GatewayTimeout, RateLimited, CardDeclined)):
        return result.state, type(error).__name__
    if isinstance(error, BaseException):
        # Any other failure (a NameError, Celery's own MaxRetriesExceededError, ...) with its
        # message, so that the candidate sees why, on a sample.
        return result.state, f"{type(error).__name__}: {str(error)[:200]}"
    return result.state, _plain(error)


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
    messages, deliveries = [], []
    for index, delivery in enumerate(case_input["deliveries"]):
        if "redeliver" in delivery:
            message = messages[delivery["redeliver"]]
        else:
            message = {"id": f"msg-{index}", "args": (delivery["order"], delivery["amount"])}
        messages.append(message)
        state, result = _deliver(task, message)
        deliveries.append({
            "order": message["args"][0], "state": state, "result": result,
            "runs": _current["runs"], "countdowns": list(_current["countdowns"]),
        })
    fact("countdowns", "; ".join(f"order {d['order']}: {d['countdowns']}" for d in deliveries))
    return {"deliveries": deliveries, "charges": {str(order): count for order, count in sorted(gateway.charges.items())}}
