"""Custom harness for the payment-processors challenge.

Input schema: {"steps": [STEP, ...]}  ->  {"results": [OUTCOME, ...]} (one per step)

  Processor names (P): "card", "paypal", "crypto" (the candidate's classes) and three
  subclasses the harness writes itself, as another team would:
    "bank"     BankTransferProcessor(PaymentProcessor): name "bank", flat fee of 25 cents
    "free"     FreeProcessor(PaymentProcessor): name "free", no fee; its fee() relies on
               the statement's promise that it sees only positive ints (anything else
               raises AssertionError: process() must validate before calling fee)
    "voucher"  VoucherCardProcessor(CardProcessor): name "voucher", overrides process()
               to add {"voucher": "SPRING"} to the receipt built by super().process()
  A fresh processor object is created for every step.

  {"op": "process",  "processor": P, "amount": A}   processor.process(A)
  {"op": "checkout", "processor": P, "amount": A}   solution.checkout(processor, A)
      -> {"receipt": {...}} or {"raised": "TypeError" | "ValueError" | other type name}
  {"op": "checkout_other", "other": "none" | "str" | "duck", "amount": A}
      checkout() with something that is not a PaymentProcessor (a "duck" has a
      process() method but does not inherit) -> {"receipt": ...} or {"raised": ...}
  {"op": "fee", "processor": P, "amount": A}  -> {"fee": value} or {"raised": ...}
  {"op": "instantiate", "class": "PaymentProcessor" | "incomplete" | P}
      "incomplete" is a harness subclass that sets name but does not implement fee()
      -> {"created": true, "is_processor": bool} or {"raised": type name}
  {"op": "hierarchy"}
      -> {"card": bool, "paypal": bool, "crypto": bool} (issubclass of PaymentProcessor)
         plus "fee_is_abstract": "fee" in PaymentProcessor.__abstractmethods__

Exceptions raised by the candidate's code inside a step are reported as data
(TypeError and ValueError by family, anything else by its type name). Everything
returned is rebuilt from exact built-in types (see _plain).
"""

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


def _raised(error):
    if isinstance(error, TypeError):
        return {"raised": "TypeError"}
    if isinstance(error, ValueError):
        return {"raised": "ValueError"}
    return {"raised": type(error).__name__}


class _Duck:
    """Looks like a processor but does not inherit from PaymentProcessor."""

    name = "duck"

    def fee(self, amount):
        return 0

    def process(self, amount):
        return {"processor": "duck", "amount": amount, "fee": 0, "net": amount}


def _classes(solution):
    base = solution.PaymentProcessor

    class BankTransferProcessor(base):
        name = "bank"

        def fee(self, amount):
            return 25

    class FreeProcessor(base):
        name = "free"

        def fee(self, amount):
            if type(amount) is not int or amount <= 0:
                raise AssertionError("fee() called with %r: process() validates first" % (amount,))
            return 0

    class VoucherCardProcessor(solution.CardProcessor):
        name = "voucher"

        def process(self, amount):
            receipt = super().process(amount)
            receipt["voucher"] = "SPRING"
            return receipt

    class IncompleteProcessor(base):
        name = "incomplete"

    return {
        "card": solution.CardProcessor,
        "paypal": solution.PayPalProcessor,
        "crypto": solution.CryptoProcessor,
        "bank": BankTransferProcessor,
        "free": FreeProcessor,
        "voucher": VoucherCardProcessor,
        "incomplete": IncompleteProcessor,
        "PaymentProcessor": base,
    }


def _step(solution, classes, step):
    op = step["op"]
    if op in ("process", "checkout", "fee"):
        processor = classes[step["processor"]]()
        if op == "process":
            return {"receipt": _plain(processor.process(step["amount"]))}
        if op == "checkout":
            return {"receipt": _plain(solution.checkout(processor, step["amount"]))}
        return {"fee": _plain(processor.fee(step["amount"]))}
    if op == "checkout_other":
        other = {"none": None, "str": "card", "duck": _Duck()}[step["other"]]
        return {"receipt": _plain(solution.checkout(other, step["amount"]))}
    if op == "instantiate":
        obj = classes[step["class"]]()
        return {"created": True, "is_processor": isinstance(obj, classes["PaymentProcessor"])}
    if op == "hierarchy":
        base = classes["PaymentProcessor"]
        out = {key: issubclass(classes[key], base) for key in ("card", "paypal", "crypto")}
        out["fee_is_abstract"] = "fee" in getattr(base, "__abstractmethods__", ())
        return out
    raise ValueError("unknown op %r" % (op,))


def run(solution, case_input):
    classes = _classes(solution)
    results = []
    for step in case_input["steps"]:
        try:
            results.append(_step(solution, classes, step))
        except Exception as error:  # noqa: BLE001 - the candidate's error, reported as data
            results.append(_raised(error))
    return {"results": results}
