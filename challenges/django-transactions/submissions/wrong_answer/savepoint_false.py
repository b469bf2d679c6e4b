"""Wrong: each batch item in atomic(savepoint=False), to save the savepoints. Without a
savepoint an inner block cannot roll back alone: its failure marks the whole transaction
for rollback, and the batch's next query raises TransactionManagementError."""

from django.db import IntegrityError, transaction

from bank.errors import InsufficientFunds
from bank.mail import send_mail
from bank.models import Account, AuditEntry, Transfer


def _move(reference, source, target, amount):
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0 or source == target:
        raise ValueError("the amount must be a positive int between two different accounts")
    debited = Account.objects.get(name=source)
    credited = Account.objects.get(name=target)
    if debited.balance < amount:
        raise InsufficientFunds(source)
    Transfer.objects.create(reference=reference, source=debited, target=credited, amount=amount)
    debited.balance -= amount
    credited.balance += amount
    debited.save(update_fields=["balance"])
    credited.save(update_fields=["balance"])
    AuditEntry.objects.create(message=f"{reference}: {source} -> {target} {amount}")
    transaction.on_commit(lambda: send_mail(source, f"receipt {reference}"))


def transfer(reference, source, target, amount):
    with transaction.atomic():
        _move(reference, source, target, amount)


def transfer_batch(items):
    outcomes = []
    with transaction.atomic():
        for item in items:
            try:
                with transaction.atomic(savepoint=False):
                    _move(item["reference"], item["source"], item["target"], item["amount"])
                outcomes.append("ok")
            except InsufficientFunds:
                outcomes.append("insufficient funds")
            except Account.DoesNotExist:
                outcomes.append("unknown account")
            except IntegrityError:
                outcomes.append("duplicate reference")
            except ValueError:
                outcomes.append("invalid")
        failed = len(outcomes) - outcomes.count("ok")
        AuditEntry.objects.create(message=f"batch: {outcomes.count('ok')} ok, {failed} failed")
    return outcomes
