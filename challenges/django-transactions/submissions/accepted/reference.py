"""Reference: transfer() is one atomic block (so, nested in a batch, a savepoint); the
receipt is an on_commit hook; the batch is an outer atomic block whose items each fail
alone, caught outside their savepoint."""

from django.db import IntegrityError, transaction

from bank.errors import InsufficientFunds
from bank.mail import send_mail
from bank.models import Account, AuditEntry, Transfer

OUTCOMES = {
    InsufficientFunds: "insufficient funds",
    Account.DoesNotExist: "unknown account",
    IntegrityError: "duplicate reference",
    ValueError: "invalid",
}


def transfer(reference, source, target, amount):
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0 or source == target:
        raise ValueError("the amount must be a positive int between two different accounts")
    with transaction.atomic():
        debited = Account.objects.select_for_update().get(name=source)
        credited = Account.objects.select_for_update().get(name=target)
        if debited.balance < amount:
            raise InsufficientFunds(f"{source} has {debited.balance}, needs {amount}")
        Transfer.objects.create(reference=reference, source=debited, target=credited, amount=amount)
        debited.balance -= amount
        credited.balance += amount
        debited.save(update_fields=["balance"])
        credited.save(update_fields=["balance"])
        AuditEntry.objects.create(message=f"{reference}: {source} -> {target} {amount}")
        transaction.on_commit(lambda: send_mail(source, f"receipt {reference}"))


def transfer_batch(items):
    outcomes = []
    with transaction.atomic():
        for item in items:
            try:
                transfer(item["reference"], item["source"], item["target"], item["amount"])
            except tuple(OUTCOMES) as error:
                outcomes.append(next(text for kind, text in OUTCOMES.items() if isinstance(error, kind)))
            else:
                outcomes.append("ok")
        failed = len(outcomes) - outcomes.count("ok")
        AuditEntry.objects.create(message=f"batch: {outcomes.count('ok')} ok, {failed} failed")
    return outcomes
