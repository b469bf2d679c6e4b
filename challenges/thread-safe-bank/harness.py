"""Custom harness for the thread-safe-bank challenge.

Input schema (``case_input`` is a dict):

  {"accounts": {NAME: int, ...}, "ops": [OP, ...]}
      Sequential: one Bank(ledger), the ops run one after the other in this thread.
      -> {"results": [RESULT, ...], "final": {NAME: balance in the ledger}}

  {"accounts": {...}, "threads": [THREAD, ...], "returns": bool (default false)}
      Concurrent: one Bank(ledger); one worker thread per THREAD; all workers start
      together (a barrier) and run their ops in order. While two or more workers are
      running, every ledger.get() holds the caller for a moment (up to 5 ms) until
      another thread reads the same account: an unprotected read-modify-write then
      loses updates every time, while a correct bank is only slowed down. Outcomes are
      reported in order-independent form:
      -> {"final": {...}, "total": sum of the balances,
          "ok": {"deposit": n, "withdraw": n, "transfer": n, "balance": n},
          "errors": {exception type name: n},
          "returns": {"deposit A": sorted returned balances, ...}   (with "returns")}
      THREAD = [OP, ...]  or  {"repeat": k, "ops": [OP, ...]} (the ops, k times over)

  OP = ["deposit", account, amount] | ["withdraw", account, amount]
     | ["transfer", source, target, amount] | ["balance", account]
     | ["external", account, balance]   (sequential only: another system writes the
                                         ledger directly, bypassing the bank)
  RESULT = {"ok": returned value} | {"error": exception type name}

The ledger stores ints only (set() raises TypeError for anything else) and accepts
negative balances, so an overdraft shows in "final". Everything returned is rebuilt
from exact built-in types; no object of the candidate's leaves this harness.
"""

import threading

_WINDOW_SECONDS = 0.005
_MAX_DEPTH = 20


def _plain(value, depth=0):
    if depth > _MAX_DEPTH:
        return "<too deep>"
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list or kind is tuple:
        return [_plain(item, depth + 1) for item in value]
    if kind is dict:
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in value.items()}
    return "<%s object>" % kind.__name__


class Ledger:
    """The bank's storage: reading and writing a balance are two separate calls."""

    def __init__(self, balances):
        self._balances = dict(balances)
        self._cond = threading.Condition()
        self._reads = {account: 0 for account in balances}
        self._window = 0.0
        self._active = 0

    # -- the interface the candidate uses ------------------------------------------
    def accounts(self):
        """The account names, sorted."""
        return sorted(self._balances)

    def get(self, account):
        """The balance of ``account`` (KeyError if there is no such account)."""
        with self._cond:
            if not isinstance(account, str) or account not in self._balances:
                raise KeyError(account)
            value = self._balances[account]
            self._reads[account] += 1
            ticket = self._reads[account]
            self._cond.notify_all()
            if self._window and self._active > 1:
                # Give a rival reader of the same account the chance to come in now.
                self._cond.wait_for(
                    lambda: self._reads[account] > ticket or self._active <= 1,
                    timeout=self._window)
            return value

    def set(self, account, balance):
        """Store ``balance`` (an int) for ``account``."""
        with self._cond:
            if not isinstance(account, str) or account not in self._balances:
                raise KeyError(account)
            if type(balance) is not int:
                raise TypeError("balances are ints, got %s" % type(balance).__name__)
            self._balances[account] = balance

    # -- harness side ----------------------------------------------------------------
    def snapshot(self):
        with self._cond:
            return dict(self._balances)

    def start_race(self, workers):
        with self._cond:
            self._window = _WINDOW_SECONDS
            self._active = workers

    def worker_done(self):
        with self._cond:
            self._active -= 1
            self._cond.notify_all()


def _apply(bank, ledger, op):
    kind = op[0]
    if kind == "deposit":
        return bank.deposit(op[1], op[2])
    if kind == "withdraw":
        return bank.withdraw(op[1], op[2])
    if kind == "transfer":
        return bank.transfer(op[1], op[2], op[3])
    if kind == "balance":
        return bank.balance(op[1])
    raise ValueError("unknown op %r" % (kind,))


def _sequential(solution, case_input):
    ledger = Ledger(case_input["accounts"])
    bank = solution.Bank(ledger)
    results = []
    for op in case_input["ops"]:
        if op[0] == "external":
            ledger.set(op[1], op[2])
            continue
        try:
            value = _apply(bank, ledger, op)
        except Exception as error:  # noqa: BLE001 - reported as data
            results.append({"error": type(error).__name__})
        else:
            results.append({"ok": _plain(value)})
    return {"results": results, "final": ledger.snapshot()}


def _concurrent(solution, case_input):
    ledger = Ledger(case_input["accounts"])
    bank = solution.Bank(ledger)
    plans = []
    for spec in case_input["threads"]:
        if isinstance(spec, dict):
            plans.append(list(spec["ops"]) * spec["repeat"])
        else:
            plans.append(list(spec))
    record_lock = threading.Lock()
    ok = {"deposit": 0, "withdraw": 0, "transfer": 0, "balance": 0}
    errors = {}
    returns = {}
    barrier = threading.Barrier(len(plans))

    def worker(plan):
        try:
            barrier.wait()
            for op in plan:
                try:
                    value = _apply(bank, ledger, op)
                except Exception as error:  # noqa: BLE001 - reported as data
                    with record_lock:
                        name = type(error).__name__
                        errors[name] = errors.get(name, 0) + 1
                else:
                    with record_lock:
                        ok[op[0]] += 1
                        if op[0] in ("deposit", "withdraw"):
                            returns.setdefault("%s %s" % (op[0], op[1]), []).append(_plain(value))
        finally:
            ledger.worker_done()

    ledger.start_race(len(plans))
    threads = [threading.Thread(target=worker, args=(plan,), daemon=True) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = ledger.snapshot()
    out = {"final": final, "total": sum(final.values()), "ok": ok,
           "errors": dict(sorted(errors.items()))}
    if case_input.get("returns"):
        out["returns"] = {key: sorted(values, key=repr) if any(type(v) is not int for v in values)
                          else sorted(values)
                          for key, values in sorted(returns.items())}
    return out


def run(solution, case_input):
    if "threads" in case_input:
        return _concurrent(solution, case_input)
    return _sequential(solution, case_input)
