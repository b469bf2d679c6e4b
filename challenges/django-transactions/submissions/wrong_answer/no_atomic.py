"""Wrong: no transaction around the transfer. The balances are saved first and the
transfer row last, so a duplicate reference fails after the money has moved: the accounts
change although the transfer was refused (and in a batch, the failed write breaks the
batch's transaction)."""

from django.db import IntegrityError, transaction

from bank.errors import InsufficientFunds
from bank.mail import send_mail
from bank.models import Account, AuditEntry, Transfer


def transfer(reference, source, target, amount):
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0 or source == target:
        raise ValueError("the amount must be a positive int between two different accounts")
    debited = Account.objects.get(name=source)
    credited = Account.objects.get(name=target)
    if debited.balance < amount:
        raise InsufficientFunds(source)
    debited.balance -= amount
    credited.balance += amount
    debited.save(update_fields=["balance"])
    credited.save(update_fields=["balance"])
    Transfer.objects.create(reference=reference, source=debited, target=credited, amount=amount)
    AuditEntry.objects.create(message=f"{reference}: {source} -> {target} {amount}")
    transaction.on_commit(lambda: send_mail(source, f"receipt {reference}"))


def transfer_batch(items):
    outcomes = []
    with transaction.atomic():
        for item in items:
            try:
                transfer(item["reference"], item["source"], item["target"], item["amount"])
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
