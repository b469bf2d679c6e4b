"""Custom harness for the money-value-object challenge.

Input schema: {"steps": [STEP, ...]}  ->  {"results": [OUTCOME, ...]} (one per step)

  Operands (X): a variable name (str) bound by "let", or {"lit": VALUE} for a plain value.
  M = {"amount_cents": int, "currency": str} describes a Money (read via its attributes).
  ERROR = {"error": "TypeError" | "ValueError" | "AttributeError" | other type name}

  {"let": VAR, "money": [AMOUNT, CURRENCY]}   VAR = Money(AMOUNT, CURRENCY) -> {"money": M} | ERROR
  {"add": [X, Y], "as": VAR?} / {"sub": [X, Y], "as": VAR?}
      X + Y / X - Y -> {"money": M} | {"value": plain} (not a Money) | ERROR
  {"compare": [X, Y]}  -> {"==": R, "!=": R, "<": R, "<=": R, ">": R, ">=": R}, R = bool | ERROR
  {"hash_equal": [X, Y]}   hash(X) == hash(Y) -> {"value": bool} | ERROR
  {"repr": X} / {"str": X}  -> {"value": str} | ERROR
  {"mutate": X, "attr": NAME, "value": V}  setattr -> {"ok": true, "now": M} | ERROR
  {"delete": X, "attr": NAME}              delattr -> {"ok": true} | ERROR
  {"set": [X, ...], "probe": [X, ...]}
      s = set(items) -> {"size": len(s), "found": [p in s ...]} | ERROR
  {"dict": [X, ...], "probe": [X, ...]}
      d = {}; d[item] = index for each item (later ones overwrite)
      -> {"size": len(d), "values": [d.get(p) ...]} | ERROR
  {"mutate_in_set": X, "attr": NAME, "value": V}
      s = {X}; try setattr(X, NAME, V) -> {"mutation": "ok" | ERROR type, "still_found": X in s}
  {"sorted": [X, ...], "reverse": bool?}  -> {"money": [M, ...]} | ERROR
  {"max": [X, ...]} / {"min": [X, ...]}    -> {"money": M} | ERROR
  {"sum": [X, ...], "start": X}            sum(items, start) -> {"money": M} | ERROR
  {"bulk": {"n": N, "seed": S, "currencies": [C, ...], "spread": R}}
      builds N Money with random.Random(S) amounts in [-R, R] and currencies from the list
      (only small descriptions are committed; the data is generated here), then uses them
      as set members, dict keys and sort keys:
      -> {"distinct": len(set(all)), "most_common": [[M, count], ...] (top 3 by count, then
          by currency and amount), "per_currency": {C: {"count", "distinct", "min": M,
          "max": M, "total": M, "checksum": sum(i * m.amount_cents over sorted group)}}}

Everything returned is rebuilt from exact built-in types; no candidate object leaves.
"""

import random

_MAX_DEPTH = 20


def _plain(value, depth=0):
    if depth > _MAX_DEPTH:
        return "<too deep>"
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind in (list, tuple):
        return [_plain(item, depth + 1) for item in value]
    if kind is dict:
        return {_plain(k, depth + 1): _plain(v, depth + 1) for k, v in dict.items(value)}
    return "<%s object>" % kind.__name__


def _error(error):
    for family in (AttributeError, TypeError, ValueError):
        if isinstance(error, family):
            return {"error": family.__name__}
    return {"error": type(error).__name__}


class _Harness:
    def __init__(self, solution):
        self.Money = solution.Money
        self.vars = {}

    def describe(self, money):
        if not isinstance(money, self.Money):
            return "<not a Money: %s>" % type(money).__name__
        amount = money.amount_cents
        currency = money.currency
        return {"amount_cents": amount if type(amount) is int else "<%s>" % type(amount).__name__,
                "currency": currency if type(currency) is str else "<%s>" % type(currency).__name__}

    def operand(self, x):
        if isinstance(x, dict):
            return x["lit"]
        return self.vars[x]

    def operands(self, xs):
        return [self.operand(x) for x in xs]

    def result(self, value):
        if isinstance(value, self.Money):
            return {"money": self.describe(value)}
        return {"value": _plain(value)}

    # --- steps -----------------------------------------------------------------------
    def step(self, step):
        for name in ("let", "add", "sub", "compare", "hash_equal", "repr", "str", "mutate",
                     "delete", "set", "dict", "mutate_in_set", "sorted", "max", "min",
                     "sum", "bulk"):
            if name in step:
                try:
                    return getattr(self, "do_" + name)(step)
                except Exception as error:  # noqa: BLE001 - the candidate's, as data
                    return _error(error)
        raise ValueError("unknown step %r" % (step,))

    def do_let(self, step):
        amount, currency = step["money"]
        money = self.Money(amount, currency)
        self.vars[step["let"]] = money
        return {"money": self.describe(money)}

    def _arith(self, step, key):
        left, right = self.operands(step[key])
        value = left + right if key == "add" else left - right
        if "as" in step:
            self.vars[step["as"]] = value
        return self.result(value)

    def do_add(self, step):
        return self._arith(step, "add")

    def do_sub(self, step):
        return self._arith(step, "sub")

    def do_compare(self, step):
        left, right = self.operands(step["compare"])
        out = {}
        for symbol, fn in (("==", lambda a, b: a == b), ("!=", lambda a, b: a != b),
                           ("<", lambda a, b: a < b), ("<=", lambda a, b: a <= b),
                           (">", lambda a, b: a > b), (">=", lambda a, b: a >= b)):
            try:
                value = fn(left, right)
                out[symbol] = value if type(value) is bool else "<%s>" % type(value).__name__
            except Exception as error:  # noqa: BLE001
                out[symbol] = _error(error)
        return out

    def do_hash_equal(self, step):
        left, right = self.operands(step["hash_equal"])
        return {"value": hash(left) == hash(right)}

    def do_repr(self, step):
        return {"value": _plain(repr(self.operand(step["repr"])))}

    def do_str(self, step):
        return {"value": _plain(str(self.operand(step["str"])))}

    def do_mutate(self, step):
        target = self.operand(step["mutate"])
        setattr(target, step["attr"], step["value"])
        return {"ok": True, "now": self.describe(target)}

    def do_delete(self, step):
        delattr(self.operand(step["delete"]), step["attr"])
        return {"ok": True}

    def do_set(self, step):
        items = set(self.operands(step["set"]))
        return {"size": len(items), "found": [p in items for p in self.operands(step.get("probe", []))]}

    def do_dict(self, step):
        table = {}
        for index, key in enumerate(self.operands(step["dict"])):
            table[key] = index
        return {"size": len(table),
                "values": [table.get(p) for p in self.operands(step.get("probe", []))]}

    def do_mutate_in_set(self, step):
        target = self.operand(step["mutate_in_set"])
        items = {target}
        try:
            setattr(target, step["attr"], step["value"])
            mutation = "ok"
        except Exception as error:  # noqa: BLE001
            mutation = _error(error)["error"]
        return {"mutation": mutation, "still_found": target in items}

    def do_sorted(self, step):
        items = sorted(self.operands(step["sorted"]), reverse=bool(step.get("reverse", False)))
        return {"money": [self.describe(m) for m in items]}

    def do_max(self, step):
        return {"money": self.describe(max(self.operands(step["max"])))}

    def do_min(self, step):
        return {"money": self.describe(min(self.operands(step["min"])))}

    def do_sum(self, step):
        return self.result(sum(self.operands(step["sum"]), self.operand(step["start"])))

    def do_bulk(self, step):
        spec = step["bulk"]
        rng = random.Random(spec["seed"])
        currencies = spec["currencies"]
        spread = spec["spread"]
        Money = self.Money
        items = [Money(rng.randint(-spread, spread), currencies[rng.randrange(len(currencies))])
                 for _ in range(spec["n"])]
        counts = {}
        for m in items:
            counts[m] = counts.get(m, 0) + 1
        distinct = len(set(items))
        groups = {c: [] for c in currencies}
        for m in items:
            groups[m.currency].append(m)
        per_currency = {}
        for c in currencies:
            group = sorted(groups[c])
            if not group:
                per_currency[c] = {"count": 0}
                continue
            checksum = 0
            for i, m in enumerate(group):
                amount = m.amount_cents
                checksum += i * (amount if type(amount) is int else 0)
            per_currency[c] = {
                "count": len(group),
                "distinct": len(set(group)),
                "min": self.describe(min(group)),
                "max": self.describe(max(group)),
                "total": self.describe(sum(group, Money(0, c))),
                "checksum": checksum,
            }
        top = sorted(counts.items(),
                     key=lambda kv: (-kv[1], kv[0].currency, kv[0].amount_cents))[:3]
        return {"distinct": distinct,
                "most_common": [[self.describe(m), n] for m, n in top],
                "per_currency": per_currency}


def run(solution, case_input):
    harness = _Harness(solution)
    return {"results": [harness.step(step) for step in case_input["steps"]]}
