"""Custom harness for fastapi-async-background.

FastAPI and its test client are imported here, at module level: the runner loads this
harness once in its prepared parent, before any case is forked, so the framework's import is
never counted in a case's CPU time.

The harness hands ``solution.create_app(services)`` four fake services and watches, without
timing anything, how the application uses them:

- ``inventory.lookup`` / ``inventory.reserve`` and ``mailer.send`` stand for blocking I/O. Each
  call notes whether an event loop is running in the calling thread: if one is, the call
  blocked that loop (a worker thread, as ``run_in_threadpool`` or ``asyncio.to_thread`` give,
  has none).
- ``pricing.quote`` and ``audit.record`` are coroutines that yield to the event loop, so
  quotes requested together overlap; the harness counts how many are in flight at once.
- The application is wrapped in an ASGI callable that notes when the last chunk of the
  response body has been sent, and which asyncio task runs the request. A mail or an audit
  record is then "after the response" or "before the response", and an audit record is
  "awaited by the request" (FastAPI's background tasks run in the request's own task, after
  the response) or "in a task nobody awaits" (``asyncio.create_task`` left alone).

Input:  {"products": {SKU: {"name": str, "stock": int}, ...},
         "prices": {SKU: float, ...},
         "requests": [{"method": "GET", "path": "/products/X", "json": {...}?,
                       "params": {...}?}, ...]}
Output: one entry per request, in order:
        {"status": int, "body": the JSON body (null when there is none; for a 422,
                                {"error_locations": [["body", "quantity"], ...]}),
         "blocking_calls_on_event_loop": [sorted names of the blocking methods called on the
                                          event loop's thread],
         "mails": [{"to": str, "subject": str, "sent": "after the response" | ...}],
         "audit": [{"event": {...}, "recorded": "after the response, awaited by the request" | ...}]}
        plus, for a request to /quotes, "quotes_at_once": the most quotes in flight together
"""

import asyncio
import harnesskit

harnesskit.quiet_test_client_warnings()

import fastapi  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402


def _event_loop_running():
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _plain(value, depth=0):
    kind = type(value)
    if depth > 20:
        return "<too deep>"
    if value is None or kind in (bool, int, float, str):
        return value
    if kind in (list, tuple):
        return [_plain(item, depth + 1) for item in value]
    if kind is dict:
        return {str(key): _plain(item, depth + 1) for key, item in value.items()}
    return "<%s object>" % kind.__name__


class Judge:
    """What the fakes saw, attributed to the request that was running when they were called."""

    def __init__(self):
        self.current = self.new_entry()
        self.request_task = None
        self.response_sent = False
        self.quotes_in_flight = 0

    @staticmethod
    def new_entry():
        return {"blocking": set(), "mails": [], "audit": [], "quotes_at_once": 0}

    def blocking_call(self, name):
        if _event_loop_running():
            self.current["blocking"].add(name)

    def moment(self):
        return "after the response" if self.response_sent else "before the response"

    def wrap(self, app):
        async def judged_app(scope, receive, send):
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            self.request_task = asyncio.current_task()
            self.response_sent = False

            async def judged_send(message):
                await send(message)
                if message["type"] == "http.response.body" and not message.get("more_body", False):
                    self.response_sent = True

            await app(scope, receive, judged_send)

        return judged_app


class Inventory:
    def __init__(self, judge, products):
        self._judge = judge
        self._products = {sku: {"name": product["name"], "stock": product["stock"]} for sku, product in products.items()}

    def lookup(self, sku):
        """Blocking: the product {"sku", "name", "stock"}, or None."""
        self._judge.blocking_call("inventory.lookup")
        product = self._products.get(sku)
        if product is None:
            return None
        return {"sku": sku, "name": product["name"], "stock": product["stock"]}

    def reserve(self, sku, quantity):
        """Blocking: takes quantity units of sku out of stock."""
        self._judge.blocking_call("inventory.reserve")
        product = self._products.get(sku)
        if product is None:
            raise LookupError("unknown sku %r" % (sku,))
        if not isinstance(quantity, int) or quantity < 1 or quantity > product["stock"]:
            raise ValueError("cannot reserve %r of %r (stock %d)" % (quantity, sku, product["stock"]))
        product["stock"] -= quantity


class Pricing:
    def __init__(self, judge, prices):
        self._judge = judge
        self._prices = dict(prices)

    async def quote(self, sku):
        """A coroutine: the unit price of sku; LookupError for a sku without a price."""
        judge = self._judge
        judge.quotes_in_flight += 1
        judge.current["quotes_at_once"] = max(judge.current["quotes_at_once"], judge.quotes_in_flight)
        try:
            await asyncio.sleep(0)
            await asyncio.sleep(0)
        finally:
            judge.quotes_in_flight -= 1
        if sku not in self._prices:
            raise LookupError("no price for %r" % (sku,))
        return self._prices[sku]


class Mailer:
    def __init__(self, judge):
        self._judge = judge

    def send(self, to, subject):
        """Blocking: sends one mail."""
        self._judge.blocking_call("mailer.send")
        self._judge.current["mails"].append({"to": _plain(to), "subject": _plain(subject), "sent": self._judge.moment()})


class Audit:
    def __init__(self, judge):
        self._judge = judge

    async def record(self, event):
        """A coroutine: writes one event to the audit log."""
        judge = self._judge
        entry = judge.current
        moment = judge.moment()
        awaited = asyncio.current_task() is judge.request_task
        await asyncio.sleep(0)
        how = "awaited by the request" if awaited else "in a task nobody awaits"
        entry["audit"].append({"event": _plain(event), "recorded": moment + ", " + how})


class Services:
    def __init__(self, judge, case_input):
        self.inventory = Inventory(judge, case_input["products"])
        self.pricing = Pricing(judge, case_input["prices"])
        self.mailer = Mailer(judge)
        self.audit = Audit(judge)


def _error_locations(body):
    """A 422's body reduced to where its errors are, so that messages never matter."""
    if not isinstance(body, dict) or not isinstance(body.get("detail"), list):
        return body
    locations = [list(error.get("loc", [])) if isinstance(error, dict) else error for error in body["detail"]]
    return sorted(locations, key=repr)


def run(solution, case_input):
    judge = Judge()
    app = solution.create_app(Services(judge, case_input))
    if not isinstance(app, fastapi.FastAPI):
        raise TypeError("create_app(services) must return a FastAPI application")
    entries = []
    with TestClient(judge.wrap(app), raise_server_exceptions=True) as client:
        for request in case_input["requests"]:
            judge.current = entry = Judge.new_entry()
            entries.append((request, entry))
            response = client.request(
                request["method"],
                request["path"],
                json=request.get("json"),
                params=request.get("params"),
            )
            entry["status"] = response.status_code
            entry["body"] = harnesskit.response_body(response)
            if response.status_code == 422:
                entry["body"] = {"error_locations": _error_locations(entry["body"])}
    observed = []
    for request, entry in entries:
        result = {
            "status": entry["status"],
            "body": entry["body"],
            "blocking_calls_on_event_loop": sorted(entry["blocking"]),
            "mails": entry["mails"],
            "audit": entry["audit"],
        }
        if request["path"].startswith("/quotes"):
            result["quotes_at_once"] = entry["quotes_at_once"]
        observed.append(result)
    return observed
